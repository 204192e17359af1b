/** Every stable code this package throws. */
export type JssStreamErrorCode =
  | 'JSS_ERR_INVALID_OPTION'
  | 'JSS_ERR_SIZE_MISMATCH'
  | 'JSS_ERR_TOO_LARGE'
  | 'JSS_ERR_JOURNAL_MISMATCH'
  | 'JSS_ERR_JOURNAL_INVALID'
  | 'JSS_ERR_SCHEDULE_INVALID'
  | 'JSS_ERR_INVARIANT'
  | 'JSS_ERR_HASH_WORKER'
  | 'JSS_ERR_PART_SIZE'
  | 'JSS_ERR_INCOMPLETE'
  | 'JSS_ERR_DOWNLOAD_INTEGRITY'
  | 'JSS_ERR_RANGE_NOT_SATISFIABLE'
  | 'JSS_ERR_UPLOADER_CLOSED'

/** Base class of every error of this package; `code` is stable, `message` is not. */
export class JssStreamError extends Error {
  override readonly name: string = 'JssStreamError'
  readonly code: JssStreamErrorCode
  constructor(code: JssStreamErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
}

/** An option is missing, out of range or contradicts another. */
export class InvalidOptionError extends JssStreamError {
  override readonly name: string = 'InvalidOptionError'
  constructor(message: string, options?: ErrorOptions) {
    super('JSS_ERR_INVALID_OPTION', message, options)
  }
}

/** With `exactSize: true`, the stream was shorter or longer than `sizeHint`. */
export class SizeMismatchError extends JssStreamError {
  override readonly name: string = 'SizeMismatchError'
  readonly expected: number
  readonly actual: number
  constructor(expected: number, actual: number, more = false) {
    super(
      'JSS_ERR_SIZE_MISMATCH',
      more
        ? `the stream is longer than the declared ${expected} bytes (read ${actual} so far)`
        : `the stream has ${actual} bytes, ${expected} were declared`,
    )
    this.expected = expected
    this.actual = actual
  }
}

/** The stream does not fit in `maxParts` parts of at most `maxPartSize` bytes. */
export class TooLargeError extends JssStreamError {
  override readonly name: string = 'TooLargeError'
  constructor(message: string) {
    super('JSS_ERR_TOO_LARGE', message)
  }
}

/**
 * What a journal does not match: the object asked for (`object`: it is another upload's journal),
 * the way the input is read (`mode`: `body` against `parts` or the reverse), or the replayed input
 * (`input`: a part differs, or the input is shorter or longer).
 */
export type JournalMismatch = 'object' | 'mode' | 'input'

/** On resume, the journal belongs to another upload, or the replayed input differs from it. */
export class JournalMismatchError extends JssStreamError {
  override readonly name: string = 'JournalMismatchError'
  readonly partNumber: number | undefined
  /**
   * `object` and `mode`: running the same upload again fails the same way (use another journal
   * file, or remove this one); `input`: the journal fits, the data replayed into it does not.
   */
  readonly mismatch: JournalMismatch
  constructor(message: string, partNumber?: number, mismatch: JournalMismatch = 'input') {
    super('JSS_ERR_JOURNAL_MISMATCH', message)
    this.partNumber = partNumber
    this.mismatch = mismatch
  }
}

/** The journal file exists but cannot be read as a journal of this upload. */
export class JournalInvalidError extends JssStreamError {
  override readonly name: string = 'JournalInvalidError'
  /** The first invalid field (`schedule.tierParts`, `parts[3].size`); undefined when not JSON. */
  readonly field: string | undefined
  constructor(message: string, options?: ErrorOptions & { readonly field?: string | undefined }) {
    super('JSS_ERR_JOURNAL_INVALID', message, options)
    this.field = options?.field
  }
}

/** A part schedule (journaled, or recorded with an object) is malformed or outside the limits. */
export class ScheduleInvalidError extends JssStreamError {
  override readonly name: string = 'ScheduleInvalidError'
  /** The first invalid field: `initialPartSize`, `firstTierParts`, `tierParts`, `maxPartSize`, `maxParts`, or `` for the value itself. */
  readonly field: string
  constructor(message: string, field: string) {
    super('JSS_ERR_SCHEDULE_INVALID', message)
    this.field = field
  }
}

/**
 * An internal invariant does not hold (a size that would make a loop spin, a count that would make
 * a wait endless): a bug. The upload fails with it instead of hanging.
 */
export class InvariantError extends JssStreamError {
  override readonly name: string = 'InvariantError'
  constructor(message: string) {
    super('JSS_ERR_INVARIANT', message)
  }
}

/** A hashing worker failed or exited. */
export class HashWorkerError extends JssStreamError {
  override readonly name: string = 'HashWorkerError'
  constructor(message: string, options?: ErrorOptions) {
    super('JSS_ERR_HASH_WORKER', message, options)
  }
}

/** With `parts`, a part is larger than `maxPartSize`, or a part but the last is under `minPartSize`. */
export class PartSizeError extends JssStreamError {
  override readonly name: string = 'PartSizeError'
  readonly partNumber: number
  constructor(message: string, partNumber: number) {
    super('JSS_ERR_PART_SIZE', message)
    this.partNumber = partNumber
  }
}

/** Why a download failed its integrity check: the bytes contradict the ETag, or the object changed. */
export type DownloadIntegrityReason = 'mismatch' | 'changed'

/**
 * A download's bytes contradict the object's ETag (`mismatch`), or a ranged read answered with
 * another ETag than the HEAD before it: the object was replaced mid-download (`changed`).
 */
export class DownloadIntegrityError extends JssStreamError {
  override readonly name: string = 'DownloadIntegrityError'
  readonly reason: DownloadIntegrityReason
  /** The object's ETag (from HEAD), unquoted lowercase. */
  readonly expected: string
  /** The ETag computed from the bytes (`mismatch`) or answered by the ranged read (`changed`). */
  readonly actual: string
  constructor(reason: DownloadIntegrityReason, expected: string, actual: string) {
    super(
      'JSS_ERR_DOWNLOAD_INTEGRITY',
      reason === 'changed'
        ? `the object changed during the download: its ETag was ${expected}, a ranged read answered ${actual}`
        : `the downloaded bytes do not match the object's ETag ${expected} (computed ${actual})`,
    )
    this.reason = reason
    this.expected = expected
    this.actual = actual
  }
}

/**
 * One range of a download could not be read whole: its body broke or ended early on the first
 * request and on every resumed one (`cause`: the last failure, e.g. a protocol `JSS_ERR_STALLED`
 * for a body slower than the floor), or it grew longer than the range.
 */
export class RangeIncompleteError extends JssStreamError {
  override readonly name: string = 'RangeIncompleteError'
  /** The range's first byte. */
  readonly start: number
  /** The range's end (exclusive). */
  readonly end: number
  /** The byte the reads reached. */
  readonly reached: number
  /** Requests made again from the byte reached. */
  readonly resumes: number
  constructor(
    range: { readonly start: number; readonly end: number },
    reached: number,
    resumes: number,
    options?: ErrorOptions,
  ) {
    const cause = options?.cause instanceof Error ? `: ${options.cause.message}` : ''
    super(
      'JSS_ERR_INCOMPLETE',
      `the read of bytes ${range.start}-${range.end - 1} stopped at byte ${reached} after ${resumes} resumed requests${cause}`,
      options,
    )
    this.start = range.start
    this.end = range.end
    this.reached = reached
    this.resumes = resumes
  }
}

/** The asked `range` starts past the end of the object. */
export class RangeNotSatisfiableError extends JssStreamError {
  override readonly name: string = 'RangeNotSatisfiableError'
  readonly start: number
  /** The object's size. */
  readonly size: number
  constructor(start: number, size: number) {
    super(
      'JSS_ERR_RANGE_NOT_SATISFIABLE',
      `the range starts at byte ${start}, past the end of the object (${size} bytes)`,
    )
    this.start = start
    this.size = size
  }
}

/** An `Uploader` was asked for an upload after `close()` or `destroy()`; or destroyed under one. */
export class UploaderClosedError extends JssStreamError {
  override readonly name: string = 'UploaderClosedError'
  constructor(message: string, options?: ErrorOptions) {
    super('JSS_ERR_UPLOADER_CLOSED', message, options)
  }
}
