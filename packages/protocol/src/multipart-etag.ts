import { createHash } from 'node:crypto'

/**
 * The ETag JSS gives a completed multipart object: the MD5 (lowercase hex) of the concatenated
 * lowercase hex part ETags, in part order, with no `-N` suffix.
 * @example multipartEtag(['9223eed2740a549634ac58688d33b614', 'aa286070fe65d16d39fb8997143ea564', '3b586f704fcd6b714fde125aeffc3e74'])
 * // '4e456c2fc34928a3e2fa202acf71870a'
 */
export function multipartEtag(partEtags: readonly string[]): string {
  const hash = createHash('md5')
  for (const etag of partEtags) hash.update(etag.toLowerCase(), 'ascii')
  return hash.digest('hex')
}
