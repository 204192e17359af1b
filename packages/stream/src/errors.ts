/** Base class of every error this package throws; `code` is stable and safe to branch on. */
export class JssStreamError extends Error {
  readonly code: string
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'JssStreamError'
    this.code = code
  }
}

/** An option is missing, out of range or contradicts another. */
export class InvalidOptionError extends JssStreamError {
  constructor(message: string, options?: ErrorOptions) {
    super('JSS_STREAM_INVALID_OPTION', message, options)
    this.name = 'InvalidOptionError'
  }
}

/** With `exactSize: true`, the stream was shorter or longer than `sizeHint`. */
export class SizeMismatchError extends JssStreamError {
  readonly expected: number
  readonly actual: number
  constructor(expected: number, actual: number, more = false) {
    super(
      'JSS_STREAM_SIZE_MISMATCH',
      more
        ? `the stream is longer than the declared ${expected} bytes (read ${actual} so far)`
        : `the stream has ${actual} bytes, ${expected} were declared`,
    )
    this.name = 'SizeMismatchError'
    this.expected = expected
    this.actual = actual
  }
}

/** The stream does not fit in `maxParts` parts of at most `maxPartSize` bytes. */
export class TooLargeError extends JssStreamError {
  constructor(message: string) {
    super('JSS_STREAM_TOO_LARGE', message)
    this.name = 'TooLargeError'
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
  readonly partNumber: number | undefined
  /**
   * `object` and `mode`: running the same upload again fails the same way (use another journal
   * file, or remove this one); `input`: the journal fits, the data replayed into it does not.
   */
  readonly mismatch: JournalMismatch
  constructor(message: string, partNumber?: number, mismatch: JournalMismatch = 'input') {
    super('JSS_STREAM_JOURNAL_MISMATCH', message)
    this.name = 'JournalMismatchError'
    this.partNumber = partNumber
    this.mismatch = mismatch
  }
}

/** The journal file exists but cannot be read as a journal of this upload. */
export class JournalInvalidError extends JssStreamError {
  /** The first invalid field (`schedule.tierParts`, `parts[3].size`); undefined when not JSON. */
  readonly field: string | undefined
  constructor(message: string, options?: ErrorOptions & { readonly field?: string | undefined }) {
    super('JSS_STREAM_JOURNAL_INVALID', message, options)
    this.name = 'JournalInvalidError'
    this.field = options?.field
  }
}

/** A part schedule (journaled, or recorded with an object) is malformed or outside the limits. */
export class ScheduleInvalidError extends JssStreamError {
  /** The first invalid field: `initialPartSize`, `firstTierParts`, `tierParts`, `maxPartSize`, `maxParts`, or `` for the value itself. */
  readonly field: string
  constructor(message: string, field: string) {
    super('JSS_STREAM_SCHEDULE_INVALID', message)
    this.name = 'ScheduleInvalidError'
    this.field = field
  }
}

/**
 * An internal invariant does not hold (a size that would make a loop spin, a count that would make
 * a wait endless): a bug. The upload fails with it instead of hanging.
 */
export class InvariantError extends JssStreamError {
  constructor(message: string) {
    super('JSS_STREAM_INVARIANT', message)
    this.name = 'InvariantError'
  }
}

/** A hashing worker failed or exited. */
export class HashWorkerError extends JssStreamError {
  constructor(message: string, options?: ErrorOptions) {
    super('JSS_STREAM_HASH_WORKER', message, options)
    this.name = 'HashWorkerError'
  }
}

/** With `parts`, a part is larger than `maxPartSize`, or a part but the last is under `minPartSize`. */
export class PartSizeError extends JssStreamError {
  readonly partNumber: number
  constructor(message: string, partNumber: number) {
    super('JSS_STREAM_PART_SIZE', message)
    this.name = 'PartSizeError'
    this.partNumber = partNumber
  }
}
