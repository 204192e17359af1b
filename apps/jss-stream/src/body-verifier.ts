import { createHash, type Hash } from 'node:crypto'
import type { GetObjectResult } from '@jss/protocol'
import { DEFAULT_LIMITS } from '@jss/stream'
import { IntegrityError } from './errors.js'
import { PartHasher } from './part-hasher.js'
import type { ByteRange } from './range.js'
import { checkRecordedSchedule, type RecordedSchedule } from './schedule-check.js'
import { scheduleMetadataName } from './schedule-metadata.js'
import { type EtagVerdict, verifyEtag } from './verify-etag.js'

/** A part schedule recorded with the object that `get` did not use, and why. */
export interface IgnoredSchedule {
  text: string
  problem: string
}

/**
 * Hashes a downloaded body as it streams and checks it against the object's ETag (see
 * {@link verifyEtag}). A range is not checked.
 */
export class BodyVerifier {
  readonly #etag: string
  readonly #ranged: boolean
  readonly #recordedText: string | undefined
  readonly #recorded: RecordedSchedule
  /** The whole body's MD5. */
  readonly #whole: Hash | undefined
  /** The part MD5s along the recorded schedule. */
  readonly #parts: PartHasher | undefined

  /** Chooses what to hash for the first response to a request of `range` (or of the object). */
  constructor(response: GetObjectResult, range: ByteRange | undefined) {
    const { etag, contentLength } = response
    this.#etag = etag
    this.#ranged = range !== undefined
    this.#recordedText = response.metadata[scheduleMetadataName]
    this.#recorded = this.#ranged
      ? { kind: 'none' }
      : checkRecordedSchedule(this.#recordedText, contentLength, etag)
    // A schedule of several parts that is valid and fits the object: hash along it. The whole
    // body's MD5 is computed too unless the object is too large for a single PUT, so that a plain
    // MD5 ETag always verifies whatever the metadata says.
    const recorded = this.#recorded
    this.#parts =
      recorded.kind === 'usable' && recorded.parts > 1
        ? new PartHasher(recorded.schedule)
        : undefined
    const tooLarge = this.#parts !== undefined && contentLength > DEFAULT_LIMITS.maxPartSize
    this.#whole = this.#ranged || tooLarge ? undefined : createHash('md5')
  }

  /** Feeds the next bytes of the body. */
  update(chunk: Uint8Array): void {
    this.#whole?.update(chunk)
    this.#parts?.update(chunk)
  }

  /**
   * The MD5 check of the whole body of `size` bytes; undefined for a range. Throws an
   * IntegrityError when the body contradicts the ETag.
   */
  verify(size: number): EtagVerdict | undefined {
    if (this.#ranged) return undefined
    const parts = this.#parts
    const verdict = verifyEtag({
      etag: this.#etag,
      bodyMd5: this.#whole === undefined ? parts?.wholeMd5() : this.#whole.digest('hex'),
      size,
      scheduleEtag: parts?.etag(),
    })
    if (verdict === 'mismatch') {
      throw new IntegrityError(
        `MD5 mismatch: the data received does not match the ETag ${this.#etag}`,
      )
    }
    return verdict
  }

  /** The recorded part schedule when it was not valid or did not fit the object. */
  ignoredSchedule(): IgnoredSchedule | undefined {
    const recorded = this.#recorded
    if (recorded.kind !== 'ignored') return undefined
    return { text: this.#recordedText ?? '', problem: recorded.problem }
  }
}
