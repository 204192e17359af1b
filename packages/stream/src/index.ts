// Types of @jss/protocol that this package's public types name (UploadClient, ObjectAttributes).
export type { JssClient, ObjectSettings } from '@jss/protocol'
// The contract's rule, owned by @jss/protocol, for the users of this package.
export { multipartEtag } from '@jss/protocol'
export {
  EtagMismatchError,
  HashWorkerError,
  InvalidOptionError,
  InvariantError,
  JournalInvalidError,
  type JournalMismatch,
  JournalMismatchError,
  JssStreamError,
  PartSizeError,
  ScheduleInvalidError,
  SizeMismatchError,
  TooLargeError,
} from './errors.js'
export type { Journal, JournalPart, ReadJournalOptions } from './journal.js'
export { parseJournal, readJournal } from './journal.js'
export { type PartSchedule, parsePartSchedule } from './parse-part-schedule.js'
export { DEFAULT_LIMITS, type PartLimits } from './part-limits.js'
export {
  type PlanPartScheduleOptions,
  partSizeAt,
  planPartSchedule,
  scheduleCapacity,
} from './part-schedule.js'
export type { UploadProgress } from './progress.js'
export {
  type PartSegment,
  type SplitStreamOptions,
  splitParts,
  splitStream,
} from './split-stream.js'
export type { ByteSource } from './to-async-iterable.js'
export type { ObjectAttributes, UploadClient } from './upload-client.js'
export {
  type ResolvedUploadOptions,
  resolveUploadOptions,
  type UploadEvent,
  type UploadedPart,
  type UploadStreamOptions,
  type UploadStreamResult,
} from './upload-options.js'
export { DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE, uploadStream } from './upload-stream.js'
