import { InvalidArgumentError } from '../errors.js'
import { sha256Hex } from './hmac-sha256.js'

/** The payload hash of a body that is not signed (presigned URLs, streamed uploads). */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'

/** Whether a value can be signed as the payload hash: `UNSIGNED-PAYLOAD` or 64 lower-case hex digits. */
export function isPayloadHash(value: unknown): value is string {
  return typeof value === 'string' && (value === UNSIGNED_PAYLOAD || /^[0-9a-f]{64}$/.test(value))
}

/** What a signer is told of the payload. */
export interface PayloadOptions {
  /**
   * The payload hash to sign: `'UNSIGNED-PAYLOAD'` or the lower-case hex SHA-256 of the body.
   * @default the hash of `body` when given, else the request's `x-amz-content-sha256`, else `UNSIGNED-PAYLOAD` (S3) or the hash of an empty body (other services)
   * @example 'UNSIGNED-PAYLOAD'
   */
  readonly payloadHash?: string | undefined
  /** The body, to hash (not with `payloadHash`). @default undefined @example 'Welcome to Amazon S3.' */
  readonly body?: string | Uint8Array | undefined
}

/** The payload hash to sign, from the options, the request's `x-amz-content-sha256` and the service. */
export async function resolvePayloadHash(
  options: PayloadOptions,
  header: string | undefined,
  service: string,
): Promise<string> {
  const { payloadHash, body } = options
  if (payloadHash !== undefined && body !== undefined) {
    throw new InvalidArgumentError('options', 'takes payloadHash or body, not both')
  }
  if (payloadHash !== undefined) {
    if (!isPayloadHash(payloadHash)) {
      throw new InvalidArgumentError(
        'options.payloadHash',
        'must be "UNSIGNED-PAYLOAD" or 64 lower-case hex digits',
      )
    }
    return payloadHash
  }
  if (body !== undefined) {
    if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
      throw new InvalidArgumentError('options.body', 'must be a string or a Uint8Array')
    }
    return sha256Hex(body)
  }
  if (header !== undefined) {
    if (!isPayloadHash(header)) {
      throw new InvalidArgumentError(
        'request.headers',
        'x-amz-content-sha256 must be "UNSIGNED-PAYLOAD" or 64 lower-case hex digits',
      )
    }
    return header
  }
  return service === 's3' ? UNSIGNED_PAYLOAD : sha256Hex('')
}
