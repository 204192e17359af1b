import { CryptoUnavailableError } from '../errors.js'

const encoder = new TextEncoder()

/**
 * A Web Crypto key handle (a `CryptoKey`), opaque here: the published declarations must not need
 * the DOM library (a Node consumer compiles without it).
 */
export interface HmacKeyHandle {
  readonly type: string
}

/** The part of Web Crypto's `SubtleCrypto` this package uses, typed without the DOM library. */
export interface SubtleHmac {
  digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>
  importKey(
    format: 'raw',
    key: Uint8Array<ArrayBuffer>,
    algorithm: { name: 'HMAC'; hash: 'SHA-256' },
    extractable: false,
    usages: ('sign' | 'verify')[],
  ): Promise<HmacKeyHandle>
  sign(algorithm: 'HMAC', key: HmacKeyHandle, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>
  verify(
    algorithm: 'HMAC',
    key: HmacKeyHandle,
    signature: Uint8Array<ArrayBuffer>,
    data: Uint8Array<ArrayBuffer>,
  ): Promise<boolean>
}

/** Web Crypto, or `CryptoUnavailableError`. */
export function subtle(): SubtleHmac {
  const s = (globalThis as { crypto?: { subtle?: SubtleHmac } }).crypto?.subtle
  if (!s) throw new CryptoUnavailableError()
  return s
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex
}

/** Bytes of lower-case or upper-case hex; `undefined` for anything else. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) return undefined
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return bytes
}

/** UTF-8 bytes of a string, or the bytes themselves. */
export function toBytes(data: string | Uint8Array): Uint8Array<ArrayBuffer> {
  return typeof data === 'string' ? encoder.encode(data) : new Uint8Array(data)
}

/**
 * Lower-case hex SHA-256 of a string (UTF-8) or bytes.
 * @example await sha256Hex('') // 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
 */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await subtle().digest('SHA-256', toBytes(data))))
}

/** Imports raw bytes as an HMAC-SHA256 key. */
export function importHmacKey(
  key: Uint8Array<ArrayBuffer>,
  usages: readonly ('sign' | 'verify')[],
): Promise<HmacKeyHandle> {
  return subtle().importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [...usages])
}

/** HMAC-SHA256 of a string (UTF-8) under raw key bytes. */
export async function hmacSha256(
  key: Uint8Array<ArrayBuffer>,
  data: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const cryptoKey = await importHmacKey(key, ['sign'])
  return new Uint8Array(await subtle().sign('HMAC', cryptoKey, encoder.encode(data)))
}
