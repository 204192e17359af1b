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
  constructor(message: string) {
    super('JSS_STREAM_INVALID_OPTION', message)
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

/** A part or object ETag returned by the server differs from the one computed locally. */
export class EtagMismatchError extends JssStreamError {
  readonly expected: string
  readonly actual: string
  readonly partNumber: number | undefined
  constructor(expected: string, actual: string, partNumber?: number) {
    super(
      'JSS_STREAM_ETAG_MISMATCH',
      `${partNumber === undefined ? 'object' : `part ${partNumber}`} ETag ${actual} from the server, ${expected} expected`,
    )
    this.name = 'EtagMismatchError'
    this.expected = expected
    this.actual = actual
    this.partNumber = partNumber
  }
}

/** On resume, the replayed input differs from the journaled upload. */
export class JournalMismatchError extends JssStreamError {
  readonly partNumber: number | undefined
  constructor(message: string, partNumber?: number) {
    super('JSS_STREAM_JOURNAL_MISMATCH', message)
    this.name = 'JournalMismatchError'
    this.partNumber = partNumber
  }
}

/** The journal file exists but cannot be read as a journal of this upload. */
export class JournalInvalidError extends JssStreamError {
  constructor(message: string, options?: ErrorOptions) {
    super('JSS_STREAM_JOURNAL_INVALID', message, options)
    this.name = 'JournalInvalidError'
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
