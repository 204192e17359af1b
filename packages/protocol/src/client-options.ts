import type { Credentials } from '@jss/signer'

/** The credentials of a client: an access key and secret key, and a session token for S3. */
export interface ClientCredentials extends Credentials {
  /**
   * The session token of temporary credentials (`dialect: 's3'` only: sent and signed as
   * `X-Amz-Security-Token`); refused in the JSS dialect, which has none.
   * @default undefined
   * @example process.env.AWS_SESSION_TOKEN
   */
  readonly sessionToken?: string | undefined
}

import type { Dispatcher } from 'undici'

/** Timeouts of one attempt, in milliseconds. */
export interface TimeoutOptions {
  /**
   * Time to open a connection (TCP and TLS).
   * @default 10_000
   * @example { connect: 5_000 }
   */
  connect?: number
  /**
   * Longest silence while sending the request or waiting for the response headers: the request
   * timeout of one attempt.
   * @default 60_000
   * @example { request: 120_000 }
   */
  request?: number
  /**
   * Longest silence between two chunks of a response body.
   * @default 60_000
   * @example { body: 30_000 }
   */
  body?: number
  /**
   * The slowest a response body (a `getObject` body, a listing, an error) may arrive, in bytes per
   * second averaged over each `body` window, while its reader waits for more: below it it fails with
   * `JSS_ERR_STALLED` (an idle timeout alone never ends a body that drips a byte a second). `0`
   * disables the check.
   * @default 1024
   * @example { minSpeed: 64 * 1024 }
   */
  minSpeed?: number
}

/** When and how often a failed request is tried again. */
export interface RetryOptions {
  /**
   * Attempts per request, the first included. `1` disables retries.
   * @default 6
   * @example { attempts: 10 }
   */
  attempts?: number
  /**
   * Backoff base: the wait before attempt n+1 is a random value in [0, min(maxDelay, baseDelay·2^(n-1))]
   * (exponential backoff with full jitter), and at least the server's `Retry-After`.
   * @default 500
   * @example { baseDelay: 1 } // tests
   */
  baseDelay?: number
  /**
   * Upper bound of one backoff wait (also caps `Retry-After`).
   * @default 20_000
   * @example { maxDelay: 5 } // tests
   */
  maxDelay?: number
  /**
   * Total deadline of one call, all attempts and waits included; `Infinity` disables it.
   * @default 900_000 (15 minutes)
   * @example { deadline: 60_000 }
   */
  deadline?: number
  /**
   * How long to keep trying while the endpoint cannot be reached at all (connection refused,
   * unknown host) and no response ever came: an unreachable endpoint fails fast.
   * @default 15_000
   * @example { connectDeadline: 5_000 }
   */
  connectDeadline?: number
}

/** What `onRequest` receives after every attempt, successful or not. */
export interface RequestEvent {
  /** The operation, e.g. `uploadPart`. */
  operation: string
  method: string
  /** The signed resource, e.g. `/bucket/key?partNumber=1&uploadId=…`. */
  resource: string
  /** HTTP status, or `undefined` when no response arrived. */
  status: number | undefined
  requestId: string | undefined
  /** 1 for the first attempt. */
  attempt: number
  /** Milliseconds from sending to the response headers (or the failure). */
  duration: number
  /** The failure of this attempt, if any (service, transport, integrity or abort). */
  error: unknown
  /**
   * After a `RequestTimeTooSkewed`: the clock offset, in milliseconds, that the client now signs
   * with (`applied`), or that it refused as beyond `maxClockCorrection`.
   */
  clockCorrection?: { readonly offset: number; readonly applied: boolean } | undefined
}

/** Options of {@link createClient}. */
export interface ClientOptions {
  /**
   * The service endpoint, without bucket: `https://s.jcloud.com`, `http://127.0.0.1:9000`
   * (`https://s3.cn-north-1.jdcloud-oss.com` in the S3 dialect).
   * @example 'https://s-bj.jcloud.com'
   */
  endpoint: string | URL
  /**
   * The access key and secret key (and, for S3, a session token). The secret and the token never
   * appear in messages or events.
   */
  credentials: ClientCredentials
  /**
   * The wire protocol: `'jss'` (JD Cloud JSS: `jingdong` signatures, `x-jss-*` headers, JSON bodies)
   * or `'s3'` (the S3 REST API: AWS Signature Version 4 for `region`, `x-amz-*` headers, XML
   * bodies). Every operation, its checks and its recovery work the same in both; only the multipart
   * ETag rule differs (S3's is `s3MultipartEtag`: the MD5 of the binary part MD5s, then `-N`).
   * @default 'jss'
   * @example 's3'
   */
  dialect?: 'jss' | 's3'
  /**
   * The region of the SigV4 credential scope (`dialect: 's3'`): letters, digits, `-`, `_`, `.`.
   * A bucket created in the S3 dialect is created in it (`LocationConstraint`, but for
   * `us-east-1`). JSS signs without a region: there it is checked and otherwise unused.
   * @default 'us-east-1'
   * @example 'cn-north-1'
   */
  region?: string
  /**
   * `virtual-host` (`bucket.host/key`) or `path` (`host/bucket/key`).
   * @default JSS: 'virtual-host' for `*.jcloud.com` and `*.jcloudcs.com`; S3: 'virtual-host' for `*.amazonaws.com` and `*.jdcloud-oss.com`; 'path' for anything else
   * @example 'path'
   */
  addressing?: 'virtual-host' | 'path'
  /**
   * The undici dispatcher to send through. When given, `connections` and `timeouts.connect` do
   * not apply and `close()`/`destroy()` leave it open.
   * @default an `EnvHttpProxyAgent` (honours HTTP_PROXY, HTTPS_PROXY, NO_PROXY) owned by the client
   * @example new Agent({ connections: 4 })
   */
  dispatcher?: Dispatcher
  /**
   * Keep-alive connections per origin: size it to the number of concurrent requests.
   * @default 8
   * @example 16
   */
  connections?: number
  /** @default { connect: 10_000, request: 60_000, body: 60_000, minSpeed: 1024 } @example { request: 120_000 } */
  timeouts?: TimeoutOptions
  /** @default { attempts: 6, baseDelay: 500, maxDelay: 20_000, deadline: 900_000, connectDeadline: 15_000 } @example { attempts: 1 } */
  retry?: RetryOptions
  /**
   * Prepended to the `User-Agent` header, which always names this package and its version.
   * @default none: `@jss/protocol/<version>`
   * @example 'jss-stream/1.0.0'
   */
  userAgent?: string
  /**
   * Correct the clock from the server's `Date` header on `RequestTimeTooSkewed` and retry once.
   * @default true
   * @example false
   */
  correctClockSkew?: boolean
  /**
   * The largest correction `correctClockSkew` applies, in milliseconds. A `RequestTimeTooSkewed`
   * whose `Date` is farther than this from the local clock is not believed: the call fails instead
   * of signing (and presigning) with a server's idea of the time that may be forged.
   * @default 86_400_000 (24 hours)
   * @example { maxClockCorrection: 3_600_000 }
   */
  maxClockCorrection?: number
  /**
   * Called after every attempt (the CLI's `--verbose`). Exceptions thrown by it are ignored.
   * @default none
   * @example (e) => console.error(e.method, e.resource, e.status, e.attempt)
   */
  onRequest?: (event: RequestEvent) => void
}

/** Options every operation takes. */
export interface CallOptions {
  /** Aborts the call; it then rejects with `signal.reason`, untouched, and is never retried. */
  signal?: AbortSignal | undefined
}
