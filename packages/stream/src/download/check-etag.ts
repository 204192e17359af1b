import { multipartEtag } from '@jss/protocol'
import { DownloadIntegrityError } from '../errors.js'

/** What a download knows to compare with the object's ETag. */
export interface EtagEvidence {
  /** The object's ETag, unquoted lowercase (an S3-style `-N` suffix is allowed). */
  readonly etag: string
  readonly size: number
  /** The store's smallest part but the last. */
  readonly minPartSize: number
  /** Hex MD5 of the whole body, when it was computed (no schedule, or a single range). */
  readonly bodyMd5?: string | undefined
  /** Hex MD5s of the parts along the upload's schedule, when the download followed one. */
  readonly partMd5s?: readonly string[] | undefined
  /**
   * The store's multipart ETag rule (`client.multipartEtag`: JSS's, or S3's `<hex>-N`).
   * @default `multipartEtag` of `@jss/protocol` (JSS's)
   */
  readonly rule?: ((partEtags: readonly string[]) => string) | undefined
}

/**
 * How the bytes compared with the ETag: its the body's MD5 (`md5`, a single PUT), the multipart
 * ETag of the body as one part (`one-part`), or the multipart ETag of the part MD5s along the
 * schedule (`parts`); or they could not be compared (`unverifiable`: an object of at least
 * `minPartSize` downloaded without its schedule, whose ETag is none of these).
 */
export type EtagVerdict = 'md5' | 'one-part' | 'parts' | 'unverifiable'

/**
 * Compares the bytes' hashes with the ETag (see {@link EtagVerdict}). Throws a
 * {@link DownloadIntegrityError} (`mismatch`) when the bytes contradict it.
 */
export function checkEtag(evidence: EtagEvidence): EtagVerdict {
  const { etag, size, minPartSize, bodyMd5, partMd5s } = evidence
  const rule = evidence.rule ?? multipartEtag
  // An S3-style `-N` suffix gives the part count: never a plain MD5 then.
  const suffix = /^(.*)-(\d+)$/.exec(etag)
  const expected = suffix?.[1] ?? etag
  const count = suffix === null ? undefined : Number(suffix[2])
  // The rule's answer, with its own suffix or none (a JSS-rule store that adds `-N`).
  const matches = (computed: string): boolean => computed === etag || computed === expected
  if (partMd5s !== undefined && partMd5s.length > 1) {
    const computed = rule(partMd5s)
    if (matches(computed)) return 'parts'
    throw new DownloadIntegrityError('mismatch', etag, computed)
  }
  const md5 = bodyMd5 ?? partMd5s?.[0]
  if (md5 === undefined) return 'unverifiable'
  if (count === undefined && md5 === expected) return 'md5'
  if ((count ?? 1) === 1 && matches(rule([md5]))) return 'one-part'
  // A one-part schedule, or an object too small to be a multipart upload of several parts.
  if (partMd5s !== undefined || size < minPartSize) {
    throw new DownloadIntegrityError('mismatch', etag, md5)
  }
  return 'unverifiable'
}
