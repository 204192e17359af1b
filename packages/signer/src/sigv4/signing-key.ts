import { InvalidArgumentError } from '../errors.js'
import { createKeyCache } from '../key-cache.js'
import { type HmacKeyHandle, hmacSha256, importHmacKey, toBytes } from './hmac-sha256.js'

/**
 * The SigV4 signing key of a secret for one day, region and service:
 * `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request")`, as raw bytes.
 * @throws InvalidArgumentError for an empty secret, CryptoUnavailableError
 * @example await deriveSigningKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam') // the 32 bytes f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d
 */
export async function deriveSigningKey(
  secretKey: string,
  day: string,
  region: string,
  service: string,
): Promise<Uint8Array<ArrayBuffer>> {
  if (typeof secretKey !== 'string' || secretKey === '') {
    throw new InvalidArgumentError('secretKey', 'must be a non-empty string')
  }
  let key = toBytes(`AWS4${secretKey}`)
  for (const part of [day, region, service, 'aws4_request']) key = await hmacSha256(key, part)
  return key
}

/** The signing keys derived and imported, by secret, day, region and service (a day's requests share one). */
const signingKeys = createKeyCache<HmacKeyHandle>()

/**
 * The signing key imported for Web Crypto `sign` and `verify`: derived (four HMACs) once per secret,
 * day, region and service, then taken from a small cache (see {@link createKeyCache}).
 */
export function importSigningKey(
  secretKey: string,
  day: string,
  region: string,
  service: string,
): Promise<HmacKeyHandle> {
  // JSON of the four: one id per tuple, whatever characters a verified request's scope holds
  return signingKeys.get(JSON.stringify([secretKey, day, region, service]), async () =>
    importHmacKey(await deriveSigningKey(secretKey, day, region, service), ['sign', 'verify']),
  )
}
