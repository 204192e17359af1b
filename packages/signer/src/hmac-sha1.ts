import { encodeBase64 } from './base64.js'
import { CryptoUnavailableError, InvalidArgumentError } from './errors.js'
import { createKeyCache } from './key-cache.js'

const encoder = new TextEncoder()

function subtle(): SubtleCrypto {
  const s = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle
  if (!s) throw new CryptoUnavailableError()
  return s
}

/** The keys imported for `sign` and `verify`, by use and secret (see {@link createKeyCache}). */
const keys = createKeyCache<CryptoKey>()

function importKey(secretKey: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  if (typeof secretKey !== 'string' || secretKey === '') {
    throw new InvalidArgumentError('secretKey', 'must be a non-empty string')
  }
  const crypto = subtle()
  const algorithm = { name: 'HMAC', hash: 'SHA-1' }
  return keys.get(`${usage}\n${secretKey}`, () =>
    crypto.importKey('raw', encoder.encode(secretKey), algorithm, false, [usage]),
  )
}

/**
 * The JSS signature of a StringToSign: `Base64(HMAC-SHA1(secretKey, UTF-8(stringToSign)))`.
 * @example await signString('secret', 'GET\n\n\nWed, 30 Jul 2014 15:32:14 GMT\n/') // 28 base64 characters
 */
export async function signString(secretKey: string, stringToSign: string): Promise<string> {
  if (typeof stringToSign !== 'string') {
    throw new InvalidArgumentError('stringToSign', 'must be a string')
  }
  const key = await importKey(secretKey, 'sign')
  const mac = await subtle().sign('HMAC', key, encoder.encode(stringToSign))
  return encodeBase64(new Uint8Array(mac))
}

/**
 * Finds the first StringToSign whose HMAC-SHA1 is `mac`, comparing in constant time (Web Crypto
 * `verify`); -1 when none matches.
 */
export async function findSignedString(
  secretKey: string,
  candidates: readonly string[],
  mac: Uint8Array<ArrayBuffer>,
): Promise<number> {
  const key = await importKey(secretKey, 'verify')
  for (const [index, candidate] of candidates.entries()) {
    if (await subtle().verify('HMAC', key, mac, encoder.encode(candidate))) return index
  }
  return -1
}
