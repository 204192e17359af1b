import {
  type Credentials,
  type CredentialsSigV4,
  signRequest,
  signRequestSigV4,
  UNSIGNED_PAYLOAD,
} from '@jss/signer'
import { isStreamedBody } from './streamed-body.js'

/** One attempt to sign: what the signer sees of it. */
export interface AttemptToSign {
  method: string
  url: string
  /** The headers to send (`content-length` included when there is a body). */
  headers: Record<string, string>
  /** The bucket of a virtual-host request (JSS signs it into the resource). */
  signerBucket: string | undefined
  body: Uint8Array | readonly Uint8Array[] | { readonly size: number } | undefined
}

/** A signer of one dialect: the headers to send, signed at `date`. */
export type AttemptSigner = (
  attempt: AttemptToSign,
  credentials: Credentials | CredentialsSigV4,
  date: Date,
) => Promise<Record<string, string>>

/** JSS: the `jingdong` signature. */
export const signJss: AttemptSigner = (attempt, credentials, date) =>
  signRequest(
    {
      method: attempt.method,
      url: attempt.url,
      headers: attempt.headers,
      bucket: attempt.signerBucket,
    },
    credentials,
    { date },
  )

/**
 * In-memory bodies up to this size are signed by their SHA-256 (`x-amz-content-sha256`); larger and
 * streamed ones are sent `UNSIGNED-PAYLOAD` (their Content-MD5, when the caller gave one, guards them).
 */
export const SIGNED_PAYLOAD_LIMIT: number = 1024 * 1024

/** What SigV4 is told of a body: the bytes to hash, or `UNSIGNED-PAYLOAD`. */
function payloadOf(body: AttemptToSign['body']): { body: Uint8Array } | { payloadHash: string } {
  if (body === undefined) return { body: new Uint8Array(0) }
  if (isStreamedBody(body) || !(body instanceof Uint8Array || Array.isArray(body))) {
    return { payloadHash: UNSIGNED_PAYLOAD }
  }
  if (body instanceof Uint8Array) {
    return body.byteLength <= SIGNED_PAYLOAD_LIMIT ? { body } : { payloadHash: UNSIGNED_PAYLOAD }
  }
  const chunks = body as readonly Uint8Array[]
  const size = chunks.reduce((total, chunk) => total + chunk.byteLength, 0)
  return size <= SIGNED_PAYLOAD_LIMIT
    ? { body: Buffer.concat(chunks) }
    : { payloadHash: UNSIGNED_PAYLOAD }
}

/** S3: AWS Signature Version 4 for `region`, with `x-amz-content-sha256`. */
export function sigV4Signer(region: string): AttemptSigner {
  return async (attempt, credentials, date) => {
    const signed = await signRequestSigV4(
      { method: attempt.method, url: attempt.url, headers: attempt.headers },
      credentials,
      { region, date, ...payloadOf(attempt.body) },
    )
    return signed.headers
  }
}
