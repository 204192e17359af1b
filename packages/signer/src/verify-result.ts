import type { SubResourceOrder } from './sub-resources.js'

/** Options of `verifyRequest`. */
export interface VerifyOptions {
  /**
   * Returns the secret key of an access key, or `undefined` when the key is unknown. Required.
   * @example (accessKey) => secrets.get(accessKey)
   */
  readonly lookupSecret: (accessKey: string) => string | undefined | Promise<string | undefined>
  /**
   * The server clock (a Date or epoch milliseconds).
   * @default Date.now()
   * @example { now: clock() }
   */
  readonly now?: Date | number | undefined
  /**
   * The largest accepted distance between the Date header and `now`.
   * @default 900_000 (15 minutes)
   * @example { maxSkewMs: 5 * 60_000 }
   */
  readonly maxSkewMs?: number | undefined
}

/** Why a request failed verification. */
export type VerifyFailureReason =
  | 'missing'
  | 'malformed-authorization'
  | 'malformed-presign'
  | 'ambiguous'
  | 'unknown-access-key'
  | 'mismatch'
  | 'expired'
  | 'skewed'

/** A request whose signature holds. */
export interface VerifySuccess {
  readonly ok: true
  readonly accessKey: string
  /** Header authorization or presigned URL. */
  readonly method: 'header' | 'presigned'
  /** The sub-resource order the client signed. */
  readonly order: SubResourceOrder
  /** The StringToSign that matched. */
  readonly stringToSign: string
}

/** A request that failed, with the JSS error code and HTTP status a server answers (contract §1–2). */
export interface VerifyFailure {
  readonly ok: false
  readonly reason: VerifyFailureReason
  /** The JSS error code, e.g. `SignatureDoesNotMatch`. */
  readonly code: string
  /** The HTTP status, e.g. 403. */
  readonly status: number
  readonly message: string
  /** The access key claimed, once it has been read. */
  readonly accessKey?: string
  /** The StringToSign the server computed (sorted order), once it got that far. */
  readonly stringToSign?: string
}

/** The outcome of `verifyRequest`. */
export type VerifyResult = VerifySuccess | VerifyFailure

/** The JSS error (code, HTTP status) a server answers for each failure reason. */
export const VERIFY_FAILURES: Readonly<
  Record<VerifyFailureReason, { readonly code: string; readonly status: number }>
> = Object.freeze({
  missing: { code: 'AccessDenied', status: 403 },
  'malformed-authorization': { code: 'InvalidToken', status: 400 },
  'malformed-presign': { code: 'InvalidURI', status: 400 },
  ambiguous: { code: 'InvalidArgument', status: 400 },
  'unknown-access-key': { code: 'InvalidAccessKeyId', status: 403 },
  mismatch: { code: 'SignatureDoesNotMatch', status: 403 },
  expired: { code: 'ExpiredToken', status: 400 },
  skewed: { code: 'RequestTimeTooSkewed', status: 403 },
})

/** Builds a failure result. */
export function failure(
  reason: VerifyFailureReason,
  message: string,
  extra: { readonly accessKey?: string; readonly stringToSign?: string } = {},
): VerifyFailure {
  return { ok: false, reason, ...VERIFY_FAILURES[reason], message, ...extra }
}
