import { InvalidArgumentError } from '../errors.js'
import { sha256Hex } from './hmac-sha256.js'

/** The payload hash of a body that is not signed (presigned URLs, streamed uploads). */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'

/**
 * The payload hashes of `aws-chunked` bodies (`Content-Encoding: aws-chunked`): unsigned chunks
 * with trailing checksums, or chunks each signed (with or without a signed trailer).
 */
export const STREAMING_PAYLOAD_HASHES: readonly string[] = Object.freeze([
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER',
])

/**
 * The payload hash of an `aws-chunked` body whose chunks are not signed, its checksum in a
 * trailer: the one streaming value a signer can sign without signing each chunk.
 */
export const STREAMING_UNSIGNED_PAYLOAD_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'

/** Whether a value can be signed as the payload hash: `UNSIGNED-PAYLOAD` or 64 lower-case hex digits. */
export function isPayloadHash(value: unknown): value is string {
  return typeof value === 'string' && (value === UNSIGNED_PAYLOAD || /^[0-9a-f]{64}$/.test(value))
}

/** Whether a value can be signed by `signRequestSigV4`: a payload hash, or `STREAMING-UNSIGNED-PAYLOAD-TRAILER`. */
function isSignablePayloadHash(value: unknown): value is string {
  return isPayloadHash(value) || value === STREAMING_UNSIGNED_PAYLOAD_TRAILER
}

/** What a signer is told of the payload. */
export interface PayloadOptions {
  /**
   * The payload hash to sign: `'UNSIGNED-PAYLOAD'`, the lower-case hex SHA-256 of the body, or
   * `'STREAMING-UNSIGNED-PAYLOAD-TRAILER'` (the caller sends the body `aws-chunked`, with
   * `Content-Encoding: aws-chunked`, `X-Amz-Decoded-Content-Length` and `X-Amz-Trailer`).
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
    if (!isSignablePayloadHash(payloadHash)) {
      throw new InvalidArgumentError(
        'options.payloadHash',
        'must be "UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER" or 64 lower-case hex digits',
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
    if (!isSignablePayloadHash(header)) {
      throw new InvalidArgumentError(
        'request.headers',
        'x-amz-content-sha256 must be "UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER" or 64 lower-case hex digits',
      )
    }
    return header
  }
  return service === 's3' ? UNSIGNED_PAYLOAD : sha256Hex('')
}
