import type { HeadersInput, UrlInput } from '../types.js'
import type { PathRules } from './canonical-uri.js'

/** The credentials a SigV4 request is signed with. */
export interface CredentialsSigV4 {
  /** The access key id, sent in the clear in the credential. @example 'AKIAIOSFODNN7EXAMPLE' */
  readonly accessKey: string
  /** The secret access key; it never leaves the signer. */
  readonly secretKey: string
  /**
   * The session token of temporary credentials, sent (and signed) as `X-Amz-Security-Token`.
   * @default undefined
   */
  readonly sessionToken?: string | undefined
}

/** The parts of a request that take part in a SigV4 signature. */
export interface SignableRequestSigV4 {
  /** The HTTP method, any case; it is upper-cased. @example 'PUT' */
  readonly method: string
  /**
   * The full URL, query included; its path is signed as sent (S3: encoded once, never normalised).
   * @example 'https://examplebucket.s3.amazonaws.com/test.txt'
   */
  readonly url: UrlInput
  /**
   * Headers to send; every one is signed but those rewritten on the way (`User-Agent`,
   * `Authorization`, hop-by-hop, `proxy-*`, `sec-*`). `Host` is signed as the URL's host when absent.
   * @default {}
   */
  readonly headers?: HeadersInput | undefined
}

/** Where and when a SigV4 signature applies. */
export interface ScopeOptionsSigV4 extends PathRules {
  /** The region of the credential scope. Required. @example 'us-east-1' */
  readonly region: string
  /** The service of the credential scope. @default 's3' @example 'iam' */
  readonly service?: string | undefined
  /**
   * The clock: the signing time.
   * @default the request's `X-Amz-Date` header if it has one (header form), else `new Date()`
   * @example new Date('2013-05-24T00:00:00Z')
   */
  readonly date?: Date | undefined
}

/** The intermediate strings of a SigV4 signature, for debugging (compare with a server's). */
export interface SigV4Trace {
  readonly canonicalRequest: string
  readonly stringToSign: string
  /** Lower-case hex. */
  readonly signature: string
  /** @example 'host;x-amz-content-sha256;x-amz-date' */
  readonly signedHeaders: string
  /** @example '20130524/us-east-1/s3/aws4_request' */
  readonly credentialScope: string
}
