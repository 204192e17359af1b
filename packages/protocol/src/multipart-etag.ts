import { createHash } from 'node:crypto'
import { computeMultipartEtag } from '@jss/signer'

/** Lowercase hex MD5 of `data`. */
export function md5Hex(data: Uint8Array): string {
  return createHash('md5').update(data).digest('hex')
}

/**
 * The ETag JSS gives a completed multipart object: the MD5 (lowercase hex) of the concatenated
 * lowercase hex part ETags, in part order, with no `-N` suffix. The rule is `@jss/signer`'s
 * `computeMultipartEtag`; this binds it to Node's MD5.
 * @example multipartEtag(['9223eed2740a549634ac58688d33b614', 'aa286070fe65d16d39fb8997143ea564', '3b586f704fcd6b714fde125aeffc3e74'])
 * // '4e456c2fc34928a3e2fa202acf71870a'
 */
export function multipartEtag(partEtags: readonly string[]): string {
  return computeMultipartEtag(partEtags, md5Hex)
}
