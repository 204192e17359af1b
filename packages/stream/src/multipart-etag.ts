import { createHash } from 'node:crypto'

/**
 * The documented ETag of a multipart object: the MD5 of the concatenated lowercase-hex part ETags
 * (32 bytes per part, so this small hash runs on the calling thread).
 * @example multipartEtag(['9223eed2740a549634ac58688d33b614', 'aa286070fe65d16d39fb8997143ea564'])
 */
export function multipartEtag(partEtags: readonly string[]): string {
  const hash = createHash('md5')
  for (const etag of partEtags) hash.update(etag.toLowerCase(), 'latin1')
  return hash.digest('hex')
}
