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
}

/**
 * Whether the bytes were verified against the ETag: `true` when the ETag is the body's MD5 (a
 * single PUT), the multipart ETag of the body as one part, or the multipart ETag of the part MD5s.
 * `false` when it cannot be checked: a body of at least `minPartSize` whose ETag is none of
 * these, downloaded without the schedule (a multipart upload whose part boundaries are unknown).
 * Throws a {@link DownloadIntegrityError} (`mismatch`) when the bytes contradict the ETag.
 */
export function checkEtag(evidence: EtagEvidence): boolean {
  const { etag, size, minPartSize, bodyMd5, partMd5s } = evidence
  const expected = etag.replace(/-\d+$/, '')
  if (partMd5s !== undefined && partMd5s.length > 1) {
    const computed = multipartEtag(partMd5s)
    if (computed === expected) return true
    throw new DownloadIntegrityError('mismatch', etag, computed)
  }
  const md5 = bodyMd5 ?? partMd5s?.[0]
  if (md5 === undefined) return false
  if (md5 === expected || multipartEtag([md5]) === expected) return true
  // A one-part schedule, or an object too small to be a multipart upload of several parts.
  if (partMd5s !== undefined || size < minPartSize) {
    throw new DownloadIntegrityError('mismatch', etag, md5)
  }
  return false
}
