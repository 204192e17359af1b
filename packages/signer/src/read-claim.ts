import { decodeBase64 } from './base64.js'
import { type CollectedHeaders, headerValue } from './collect-headers.js'
import { parseHttpDate } from './http-date.js'
import { parseAuthorization } from './parse-authorization.js'
import { failure, type VerifyFailure } from './verify-result.js'

/** What a request claims: who signed it, the MAC, and the Date or Expires it signed. */
export interface Claim {
  readonly method: 'header' | 'presigned'
  readonly accessKey: string
  readonly mac: Uint8Array<ArrayBuffer>
  /** The Date header, or the Expires value, as received. */
  readonly time: string
}

/** Reads `Authorization: jingdong AK:SIG` and the Date header. */
export function claimHeader(headers: CollectedHeaders): Claim | VerifyFailure {
  const values = headers.get('authorization')!.values
  const parsed = values.length === 1 ? parseAuthorization(values[0]!) : undefined
  if (!parsed) {
    return failure('malformed-authorization', 'Authorization is not "jingdong AccessKey:Signature"')
  }
  const mac = decodeBase64(parsed.signature)
  if (!mac) return failure('malformed-authorization', 'the signature is not base64')
  const time = headerValue(headers, 'date')
  if (!parseHttpDate(time)) {
    return failure('malformed-authorization', 'the Date header is missing or not RFC 1123 GMT')
  }
  return { method: 'header', accessKey: parsed.accessKey, mac, time }
}

/** Reads the `Expires`, `AccessKey` and `Signature` query parameters. */
export function claimPresign(query: URLSearchParams): Claim | VerifyFailure {
  const one = (name: string): string | undefined => {
    const all = query.getAll(name)
    return all.length === 1 && all[0] !== '' ? all[0] : undefined
  }
  const accessKey = one('AccessKey')
  const signature = one('Signature')
  const time = one('Expires')
  if (accessKey === undefined || signature === undefined || time === undefined) {
    return failure(
      'malformed-presign',
      'a presigned URL needs one each of Expires, AccessKey and Signature',
    )
  }
  if (!/^\d{1,15}$/.test(time)) {
    return failure('malformed-presign', 'Expires is not UNIX seconds')
  }
  const mac = decodeBase64(signature)
  if (!mac) {
    const hint = signature.includes(' ') ? ' ("+" must be sent as %2B)' : ''
    return failure('malformed-presign', `Signature is not URL-encoded base64${hint}`)
  }
  return { method: 'presigned', accessKey, mac, time }
}
