import { InvalidArgumentError } from './errors.js'

const MD5_HEX = /^[0-9a-f]{32}$/i

/**
 * The ETag JSS gives a completed multipart object: the MD5 (lowercase hex) of the concatenated
 * lowercase hex part ETags, in part order, with no `-N` suffix. Web Crypto has no MD5, so the
 * caller passes one: `md5(bytes)` returns the digest as 32 hex digits (either case).
 *
 * Each ETag is lowercased and its characters taken as single bytes (ASCII: the ETags are hex; a
 * character above U+00FF keeps its low byte, as Node's `'ascii'` encoding does).
 * Throws `InvalidArgumentError` if `partEtags` is not an array of strings, `md5` not a function,
 * or `md5` does not return 32 hex digits.
 * @example
 * import { createHash } from 'node:crypto'
 * computeMultipartEtag(
 *   ['9223eed2740a549634ac58688d33b614', 'aa286070fe65d16d39fb8997143ea564', '3b586f704fcd6b714fde125aeffc3e74'],
 *   (data) => createHash('md5').update(data).digest('hex'),
 * )
 * // '4e456c2fc34928a3e2fa202acf71870a'
 */
export function computeMultipartEtag(
  partEtags: readonly string[],
  md5: (data: Uint8Array) => string,
): string {
  if (typeof md5 !== 'function') {
    throw new InvalidArgumentError('md5', 'must be a function (data: Uint8Array) => string')
  }
  const digest = md5(concatenateEtags(partEtags))
  if (typeof digest !== 'string' || !MD5_HEX.test(digest)) {
    throw new InvalidArgumentError('md5', 'must return the digest as 32 hex digits')
  }
  return digest.toLowerCase()
}

/** The bytes the MD5 is taken of: every ETag lowercased, in order, one byte a character. */
function concatenateEtags(partEtags: readonly string[]): Uint8Array {
  if (!Array.isArray(partEtags) || !partEtags.every((etag) => typeof etag === 'string')) {
    throw new InvalidArgumentError('partEtags', 'must be an array of strings')
  }
  const text = partEtags.map((etag) => etag.toLowerCase()).join('')
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff
  return bytes
}

/**
 * The ETag S3 gives a completed multipart object: the MD5 (lowercase hex) of the concatenated
 * *binary* part MD5s, in part order, then `-` and the number of parts. The caller passes the MD5
 * (Web Crypto has none): `md5(bytes)` returns the digest as 32 hex digits (either case).
 *
 * Each part ETag must be 32 hex digits (either case, quotes removed); anything else, such as the
 * ETag of an encrypted or copied part, throws `InvalidArgumentError`, since its MD5 is not known.
 * @example
 * import { createHash } from 'node:crypto'
 * computeS3MultipartEtag(
 *   ['9223eed2740a549634ac58688d33b614', 'aa286070fe65d16d39fb8997143ea564'],
 *   (data) => createHash('md5').update(data).digest('hex'),
 * )
 * // '<32 hex digits>-2'
 */
export function computeS3MultipartEtag(
  partEtags: readonly string[],
  md5: (data: Uint8Array) => string,
): string {
  if (typeof md5 !== 'function') {
    throw new InvalidArgumentError('md5', 'must be a function (data: Uint8Array) => string')
  }
  if (!Array.isArray(partEtags) || !partEtags.every((etag) => typeof etag === 'string')) {
    throw new InvalidArgumentError('partEtags', 'must be an array of strings')
  }
  const bytes = new Uint8Array(partEtags.length * 16)
  partEtags.forEach((etag, index) => {
    if (!MD5_HEX.test(etag)) {
      throw new InvalidArgumentError('partEtags', `part ${index + 1}'s ETag is not 32 hex digits`)
    }
    for (let i = 0; i < 16; i++)
      bytes[index * 16 + i] = Number.parseInt(etag.slice(i * 2, i * 2 + 2), 16)
  })
  const digest = md5(bytes)
  if (typeof digest !== 'string' || !MD5_HEX.test(digest)) {
    throw new InvalidArgumentError('md5', 'must return the digest as 32 hex digits')
  }
  return `${digest.toLowerCase()}-${partEtags.length}`
}
