import { InvalidArgumentError } from '../errors.js'
import { hmacSha256, importHmacKey, toBytes } from './hmac-sha256.js'

/**
 * The SigV4 signing key of a secret for one day, region and service:
 * `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request")`, as raw bytes.
 * @throws InvalidArgumentError for an empty secret, CryptoUnavailableError
 * @example toHex(await deriveSigningKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830', 'us-east-1', 'iam')) // 'c4afb1cc…'
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

/** The signing key imported for Web Crypto `sign` and `verify`. */
export async function importSigningKey(
  secretKey: string,
  day: string,
  region: string,
  service: string,
): Promise<CryptoKey> {
  return importHmacKey(await deriveSigningKey(secretKey, day, region, service), ['sign', 'verify'])
}
