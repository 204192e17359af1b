import type { Counters } from './counters.js'

/** An access key and its secret. */
export interface JssLocalCredentials {
  readonly accessKey: string
  readonly secretKey: string
}

/** The credentials a server accepts when none are given (documented in the README). */
export const DEFAULT_CREDENTIALS: JssLocalCredentials = Object.freeze({
  accessKey: 'JSSLOCALACCESSKEY000',
  secretKey: 'jss-local-secret-key-0000000000000000000',
})

/** Options of `startJssLocal`. */
export interface JssLocalOptions {
  /** @default '127.0.0.1' */
  readonly host?: string | undefined
  /** @default 0 (a free port) */
  readonly port?: number | undefined
  /**
   * The data directory; it is kept. Without it a fresh temporary directory is used and removed on close.
   * @example './jss-data'
   */
  readonly data?: string | undefined
  /**
   * The key pair(s) accepted; the first is returned as `credentials`.
   * @default DEFAULT_CREDENTIALS
   */
  readonly credentials?: JssLocalCredentials | readonly JssLocalCredentials[] | undefined
  /**
   * Buckets to create at start (existing ones are kept).
   * @default []
   * @example ['my-bucket']
   */
  readonly buckets?: readonly string[] | undefined
  /**
   * Extra domains for virtual-host addressing: `Host: bucket.<domain>`. `localhost` always works.
   * @default []
   * @example ['s.jcloud.com']
   */
  readonly domains?: readonly string[] | undefined
  /**
   * The minimum size of every part but the last, checked at Complete.
   * @default 5 MiB (`PART_LIMITS.minPartSize` of `@jss/signer`)
   */
  readonly minPartSize?: number | undefined
  /**
   * The maximum size of a part and of a single PUT.
   * @default 5 GiB (`PART_LIMITS.maxPartSize` of `@jss/signer`)
   */
  readonly maxPartSize?: number | undefined
  /** The maximum number of parts. @default 10000 (`PART_LIMITS.maxParts` of `@jss/signer`) */
  readonly maxParts?: number | undefined
  /**
   * Faults to inject (see README).
   * @default undefined (none)
   * @example 'uploadPart:500=0.1,503=0.1,reset=0.05,stall=2s@0.05,etag=0.05;*:500=0.01'
   */
  readonly faults?: string | undefined
  /** The seed of the fault random streams. @default 1 */
  readonly faultSeed?: number | undefined
  /**
   * The server clock in milliseconds (signature skew, presign expiry, dates).
   * @default Date.now
   * @example () => Date.parse('Thu, 13 Jul 2017 02:37:31 GMT')
   */
  readonly now?: (() => number) | undefined
  /**
   * A request body that sends nothing for this long is answered 400 RequestTimeout; 0 never.
   * @default 20000
   */
  readonly bodyIdleTimeoutMs?: number | undefined
  /**
   * Worker threads that hash (MD5) and write request bodies, so that parallel uploads use every
   * core; 0 hashes on the main thread.
   * @default min(os.availableParallelism(), 4)
   */
  readonly hashThreads?: number | undefined
  /**
   * The region of the S3 dialect (requests signed with AWS Signature Version 4): the credential
   * scope of every such request must name it, and service `s3`. The JSS dialect ignores it.
   * @default 'us-east-1'
   * @example 'cn-north-1'
   */
  readonly region?: string | undefined
  /** The accepted distance between a request's Date and the clock. @default 900000 (15 minutes) */
  readonly maxSkewMs?: number | undefined
  /**
   * Origins (`scheme://host[:port]`, or `*` for any) whose pages may call the server (CORS):
   * preflights from them are answered before authentication, and every answer to them carries
   * `Access-Control-Allow-Origin` and `Access-Control-Expose-Headers`. Requests are still
   * authenticated exactly as without it.
   * @default [] (no CORS headers; OPTIONS is answered as any unknown route)
   * @example ['http://localhost:5173']
   */
  readonly cors?: readonly string[] | undefined
}

/** A running server. */
export interface JssLocal {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string
  readonly credentials: JssLocalCredentials
  /** The data directory. */
  readonly data: string
  /** Live counters. */
  readonly counters: Counters
  /** Replaces the fault spec (`undefined` or `''` for none) and restarts the random streams. */
  setFaults(spec: string | undefined): void
  /** Stops accepting, lets requests in flight finish (at most 5 s), removes a temporary data dir. */
  close(): Promise<void>
  /** Closes every connection now, then cleans up like `close()`. */
  destroy(): Promise<void>
}
