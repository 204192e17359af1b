// Types of @jss/protocol that this package's public types name (UploadClient, ObjectAttributes).
export type { JssClient, ObjectSettings } from '@jss/protocol'
export {
  EtagMismatchError,
  HashWorkerError,
  InvalidOptionError,
  JournalInvalidError,
  JournalMismatchError,
  JssStreamError,
  PartSizeError,
  SizeMismatchError,
  TooLargeError,
} from './errors.js'
export type { Journal, JournalPart } from './journal.js'
export { readJournal } from './journal.js'
export { multipartEtag } from './multipart-etag.js'
export { DEFAULT_LIMITS, type PartLimits } from './part-limits.js'
export {
  type PartSchedule,
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
export type {
  UploadEvent,
  UploadedPart,
  UploadStreamOptions,
  UploadStreamResult,
} from './upload-options.js'
export { DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE, uploadStream } from './upload-stream.js'
