/** Options of `verifyRequestSigV4`. */
export interface VerifyOptionsSigV4 {
  /**
   * Returns the secret key of an access key, or `undefined` when the key is unknown. Required.
   * @example (accessKey) => secrets.get(accessKey)
   */
  readonly lookupSecret: (accessKey: string) => string | undefined | Promise<string | undefined>
  /** The region this server is; a credential for any other is refused. Required. @example 'us-east-1' */
  readonly region: string
  /** The service this server is. @default 's3' */
  readonly service?: string | undefined
  /**
   * The server clock (a Date or epoch milliseconds).
   * @default Date.now()
   */
  readonly now?: Date | number | undefined
  /**
   * The largest accepted distance between `X-Amz-Date` and `now` (header form), and how far in the
   * future a presigned URL may have been signed.
   * @default 900_000 (15 minutes)
   */
  readonly maxSkewMs?: number | undefined
  /**
   * Also accept the `X-Amz-Content-Sha256` values of `aws-chunked` bodies (`STREAMING-…`, see
   * `STREAMING_PAYLOAD_HASHES`): the success's `payloadHash` is then that value, and the server
   * must decode the body, check its trailing checksums and, for signed chunks, each chunk's
   * signature (which this function does not do). Refused as malformed without it.
   * @default false
   */
  readonly acceptStreamingPayloads?: boolean | undefined
}

/** Why a request failed SigV4 verification. */
export type VerifyFailureReasonSigV4 =
  | 'missing'
  | 'malformed-authorization'
  | 'malformed-presign'
  | 'ambiguous'
  | 'wrong-scope'
  | 'unsigned-header'
  | 'unknown-access-key'
  | 'mismatch'
  | 'expired'
  | 'skewed'

/** A request whose SigV4 signature holds. */
export interface VerifySuccessSigV4 {
  readonly ok: true
  readonly accessKey: string
  /** Header authorization or presigned URL. */
  readonly method: 'header' | 'presigned'
  /** The session token sent (`X-Amz-Security-Token`): the server must check it belongs to `accessKey`. */
  readonly sessionToken: string | undefined
  /**
   * The payload hash signed: `UNSIGNED-PAYLOAD`, or a hex SHA-256 the server must check the body
   * against before acting on it (or, with `acceptStreamingPayloads`, a `STREAMING-…` value).
   */
  readonly payloadHash: string
  /** Lower-case, sorted. */
  readonly signedHeaders: readonly string[]
  readonly canonicalRequest: string
  readonly stringToSign: string
}

/** A request that failed, with the S3 error code and HTTP status a server answers. */
export interface VerifyFailureSigV4 {
  readonly ok: false
  readonly reason: VerifyFailureReasonSigV4
  /** The S3 error code, e.g. `SignatureDoesNotMatch`. */
  readonly code: string
  /** The HTTP status, e.g. 403. */
  readonly status: number
  readonly message: string
  /** The access key claimed, once it has been read. */
  readonly accessKey?: string
  /** The canonical request the server computed, once it got that far (S3 sends it back too). */
  readonly canonicalRequest?: string
  /** The StringToSign the server computed, once it got that far. */
  readonly stringToSign?: string
}

/** The outcome of `verifyRequestSigV4`. */
export type VerifyResultSigV4 = VerifySuccessSigV4 | VerifyFailureSigV4

/** The S3 error (code, HTTP status) a server answers for each failure reason. */
export const VERIFY_FAILURES_SIG_V4: Readonly<
  Record<VerifyFailureReasonSigV4, { readonly code: string; readonly status: number }>
> = Object.freeze({
  missing: { code: 'AccessDenied', status: 403 },
  'malformed-authorization': { code: 'AuthorizationHeaderMalformed', status: 400 },
  'malformed-presign': { code: 'AuthorizationQueryParametersError', status: 400 },
  ambiguous: { code: 'InvalidArgument', status: 400 },
  'wrong-scope': { code: 'AuthorizationHeaderMalformed', status: 400 },
  'unsigned-header': { code: 'AccessDenied', status: 403 },
  'unknown-access-key': { code: 'InvalidAccessKeyId', status: 403 },
  mismatch: { code: 'SignatureDoesNotMatch', status: 403 },
  expired: { code: 'AccessDenied', status: 403 },
  skewed: { code: 'RequestTimeTooSkewed', status: 403 },
})

/** What a failure carries besides its reason. */
export interface FailureExtraSigV4 {
  readonly accessKey?: string
  readonly canonicalRequest?: string
  readonly stringToSign?: string
}

/** Builds a failure result. */
export function failureSigV4(
  reason: VerifyFailureReasonSigV4,
  message: string,
  extra: FailureExtraSigV4 = {},
): VerifyFailureSigV4 {
  return { ok: false, reason, ...VERIFY_FAILURES_SIG_V4[reason], message, ...extra }
}
