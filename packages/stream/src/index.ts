// @jss/stream: a Readable of unknown length into a verified multipart upload. The source folders,
// in pipeline order (split → gather → hash → schedule → send):
//   input/    the byte source as an async iterable, split into part-sized segments (split-stream);
//             a caller's AbortSignal relayed to the transfers that share it (abort-relay).
//   parts/    the part model, the part schedule (resolve, plan, parse, limits), gathering into parts
//             (read-parts) in memory or spooled to disk (start-spool, read-spool), and part bodies.
//   memory/   the bounded memory: the block pool (whole-part reservations: reserving-pool), the
//             buffer shelf, the memory gauge, slots.
//   hashing/  the MD5/SHA-256 worker pool (hash-pool) and its worker (hash-worker, its eval'd source).
//   upload/   sending: createUploader (many uploads over shared-resources) and uploadStream (one),
//             one upload (upload-object), the multipart and single-PUT paths, resume and the
//             journal, options, the upload context, progress, and the UploadClient contract.
//   download/ downloadStream, downloadFile and downloadTo: parallel ranged GETs along the parts (plan-ranges),
//             each resumed (fetch-range), passed on in order or written at their offsets, and
//             verified against the ETag (check-etag).
//   errors.ts every error this package throws.
// Types of @jss/protocol that this package's public types name (UploadClient, ObjectAttributes).
export type { JssClient, ObjectInfo, ObjectSettings } from '@jss/protocol'
// The contract's rule, owned by @jss/protocol, for the users of this package.
export { multipartEtag } from '@jss/protocol'
export type { EtagVerdict } from './download/check-etag.js'
export { type DownloadFileOptions, downloadFile } from './download/download-file.js'
export type {
  DownloadProgress,
  DownloadRange,
  DownloadResult,
  DownloadStreamOptions,
  DownloadVerification,
} from './download/download-options.js'
export { type DownloadStream, downloadStream } from './download/download-stream.js'
export { type DownloadToOptions, downloadTo } from './download/download-to.js'
export { type DownloadClient, MAX_RESUMES } from './download/fetch-range.js'
export { type ByteRange, type PlanRangesOptions, planRanges } from './download/plan-ranges.js'
export {
  DownloadIntegrityError,
  type DownloadIntegrityReason,
  HashWorkerError,
  InvalidOptionError,
  InvariantError,
  JournalInvalidError,
  type JournalMismatch,
  JournalMismatchError,
  JssStreamError,
  type JssStreamErrorCode,
  PartSizeError,
  RangeIncompleteError,
  RangeNotSatisfiableError,
  ScheduleInvalidError,
  SizeMismatchError,
  TooLargeError,
  UploaderClosedError,
} from './errors.js'
export {
  type PartSegment,
  type SplitStreamOptions,
  splitParts,
  splitStream,
} from './input/split-stream.js'
export type { ByteSource } from './input/to-async-iterable.js'
export { type PartSchedule, parsePartSchedule } from './parts/parse-part-schedule.js'
export { DEFAULT_LIMITS, type PartLimits } from './parts/part-limits.js'
export {
  type PlanPartScheduleOptions,
  partSizeAt,
  planPartSchedule,
  scheduleCapacity,
} from './parts/part-schedule.js'
export {
  type ResolvePartScheduleOptions,
  resolvePartSchedule,
} from './parts/resolve-part-schedule.js'
export type { Journal, JournalPart, ReadJournalOptions } from './upload/journal.js'
export { parseJournal, readJournal } from './upload/journal.js'
export type { UploadProgress } from './upload/progress.js'
export type { ObjectAttributes, UploadClient } from './upload/upload-client.js'
export {
  type ResolvedUploadOptions,
  resolveUploadOptions,
  type UploadEvent,
  type UploadedPart,
  type UploadStreamOptions,
  type UploadStreamResult,
} from './upload/upload-options.js'
export { DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE, uploadStream } from './upload/upload-stream.js'
export {
  createUploader,
  type Uploader,
  type UploaderMemory,
} from './upload/uploader.js'
export type {
  SharedOptionName,
  UploaderOptions,
  UploadOptions,
} from './upload/uploader-options.js'
