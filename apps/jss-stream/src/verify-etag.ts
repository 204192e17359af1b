import { DEFAULT_LIMITS, multipartEtag } from '@jss/stream'

/** The smallest part but the last that JSS accepts (the contract's limit, from @jss/stream). */
export const minPartSize: number = DEFAULT_LIMITS.minPartSize

/** How a downloaded body compares with the object's ETag. */
export type EtagVerdict =
  /** The ETag is the body's MD5: a single PUT, verified. */
  | 'md5'
  /** The ETag is the MD5 of the body's MD5 hex: a one-part multipart upload, verified. */
  | 'one-part'
  /** The ETag is the multipart ETag of the body cut along the recorded part schedule: verified. */
  | 'parts'
  /** Neither, no schedule recorded, and large enough to be a multipart upload: unverifiable. */
  | 'multipart'
  /** The ETag contradicts the body: corrupt. */
  | 'mismatch'

/** What {@link verifyEtag} compares. */
export interface EtagEvidence {
  /** The object's ETag (quotes and case do not matter). */
  etag: string
  /** Hex MD5 of the whole body; undefined when only the part hashes are known (several parts). */
  bodyMd5: string | undefined
  size: number
  /** The multipart ETag along the schedule `put` recorded in the metadata, when there is one. */
  scheduleEtag?: string | undefined
}

/**
 * Compares a body with the object's ETag. A single PUT has the MD5 as ETag; a multipart upload has
 * the {@link multipartEtag} of its parts' MD5s, which needs the part boundaries: known when `put` recorded
 * its part schedule, and otherwise only for an object smaller than the minimum part size (a single
 * PUT or a one-part upload). A larger object without a schedule and with another ETag is taken to
 * be a multipart upload of several parts: unverifiable.
 */
export function verifyEtag(evidence: EtagEvidence): EtagVerdict {
  const etag = evidence.etag.replaceAll('"', '').toLowerCase()
  // An S3-style `-N` suffix gives the part count: never a plain MD5 then.
  const suffix = /^(.*)-(\d+)$/.exec(etag)
  const expected = suffix?.[1] ?? etag
  const count = suffix === null ? undefined : Number(suffix[2])
  const { bodyMd5 } = evidence
  if (bodyMd5 !== undefined) {
    if (count === undefined && expected === bodyMd5) return 'md5'
    // A one-part upload: its one part's ETag is the body's MD5.
    if ((count ?? 1) === 1 && expected === multipartEtag([bodyMd5])) {
      return 'one-part'
    }
  }
  if (evidence.scheduleEtag !== undefined) {
    return expected === evidence.scheduleEtag ? 'parts' : 'mismatch'
  }
  return evidence.size < minPartSize ? 'mismatch' : 'multipart'
}
