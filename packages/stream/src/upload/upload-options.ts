import type { Readable } from 'node:stream'
import { InvalidOptionError } from '../errors.js'
import type { ByteSource } from '../input/to-async-iterable.js'
import type { PartSchedule } from '../parts/parse-part-schedule.js'
import { describeValue } from '../parts/parse-part-schedule.js'
import { type PartLimits, resolveLimits } from '../parts/part-limits.js'
import {
  checkGivenSchedule,
  DEFAULT_PART_SIZE,
  resolvePartSchedule,
} from '../parts/resolve-part-schedule.js'
import type { UploadProgress } from './progress.js'
import type { ObjectAttributes, UploadClient } from './upload-client.js'

/** Something worth knowing that is not an error. */
export type UploadEvent =
  | { readonly type: 'resumed'; readonly uploadId: string; readonly journaledParts: number }
  | { readonly type: 'upload-gone'; readonly uploadId: string; readonly cause: unknown }
  | { readonly type: 'abort-failed'; readonly uploadId: string; readonly cause: unknown }

/** Options of `uploadStream`. */
export interface UploadStreamOptions extends ObjectAttributes {
  /** The client to send through (`createClient` of `@jss/protocol`). */
  client: UploadClient
  bucket: string
  key: string
  /**
   * The data, of any length: a Node `Readable`, a web `ReadableStream` (e.g. `Blob.stream()`) or any
   * async iterable of byte chunks (e.g. an async generator). Exactly one of `body` and `parts` is
   * required.
   *
   * Each chunk is fully consumed — copied into the uploader's pooled memory (or passed on to a spool
   * file) — before the next one is pulled, and no reference to it is kept: a source MAY reuse or
   * overwrite the buffer of a chunk as soon as `next()` is called again (e.g. read a descriptor into
   * the same buffer every time). The same holds for `parts`.
   * @example fs.createReadStream('big.tar')
   */
  body?: Readable | ByteSource
  /**
   * The data already cut into parts: each element is one part (e.g. piped through `stream-chunker`).
   * Every element but the last must be at least `limits.minPartSize`.
   * @example process.stdin.pipe(chunker(16 * 1024 * 1024, { flush: true }))
   */
  parts?: ByteSource
  /**
   * The initial part size in bytes; without `sizeHint` it is kept for as many parts as possible
   * (1,728 of 8 MiB: 13.5 GiB) and parts then double every `maxParts / 1000` parts, so that streams
   * of more than 40 TiB fit in 10,000 parts.
   * @default 8 MiB (8_388_608)
   * @example 16 * 1024 * 1024
   */
  partSize?: number
  /**
   * The part schedule to cut `body` with, e.g. one chosen beforehand with `resolvePartSchedule`
   * (checked like `parsePartSchedule` against `limits`, and against `sizeHint`). Not with `partSize`
   * (the schedule holds the initial part size) nor with `parts`. A resumed upload keeps its
   * journaled schedule.
   * @default resolvePartSchedule({ partSize, sizeHint, limits })
   * @example resolvePartSchedule({ sizeHint: 10 * 1024 ** 3 })
   */
  schedule?: PartSchedule
  /**
   * The most part requests in flight at once.
   * @default 4
   * @example 8
   */
  concurrency?: number
  /**
   * The most bytes of the stream held in pooled memory; fixed for the whole upload. A part larger
   * than this is spooled to a temporary file and sent from it through free blocks of the pool (one
   * read ahead), or — when fewer than three are free — in chunks of at most 64 KiB (one block when
   * blocks are smaller: `SPOOL_READ_CHUNK_SIZE`), so the uploader holds at most this plus one chunk
   * (`peakBytesInMemory` in the progress reports).
   * @default (concurrency + 1) × the initial part size
   * @example 256 * 1024 * 1024
   */
  memoryLimit?: number
  /**
   * How much lower than the uploader's own the scheduling priority of the hash worker threads is:
   * added to their nice value (capped at 19), on Linux; ignored elsewhere. Hashing is throughput
   * work that back-pressure keeps fed, so letting the latency-bound work (reading the source,
   * sending the parts, and the processes at the other ends) run first makes the whole pipeline
   * faster on a machine with few cores — when the hash workers could take every core. With a core
   * left to the uploader (the default `hashWorkers`), the workers are what the upload waits for and
   * keep the uploader's priority. Set 0 to hash at the uploader's priority, e.g. when other
   * CPU-bound processes at normal priority would otherwise starve the hashing.
   * @default 10 when `hashWorkers` ≥ the cores (`os.availableParallelism()`), else 0
   * @example 0
   */
  hashWorkerNice?: number
  /**
   * The most MD5 worker threads, started as parts need them. Each costs about 8 MB of resident
   * memory; the default leaves one core to the uploader's own thread, which reads the source and
   * sends the parts (on 2 cores, one worker at normal priority uploaded within the run-to-run noise
   * of two at lowered priority, and saved 8 MB: see
   * https://github.com/jss-stream/jss-stream/blob/main/docs/benchmarks.md).
   * @default Math.max(1, Math.min(concurrency, os.availableParallelism() - 1))
   * @example 4
   */
  hashWorkers?: number
  /**
   * The expected stream length: parts are then the smallest size that fits it in `maxParts`.
   * @default none (unknown length)
   * @example 10 * 1024 ** 3
   */
  sizeHint?: number
  /**
   * Fail (and abort the upload) when the stream is shorter or longer than `sizeHint`.
   * @default false
   * @example true
   */
  exactSize?: boolean
  /**
   * Compute the SHA-256 of the whole stream (in a worker thread) and return it.
   * @default false
   * @example true
   */
  sha256?: boolean
  /** Aborts the upload; the promise then rejects with `signal.reason`. @default none @example AbortSignal.timeout(60_000) */
  signal?: AbortSignal
  /** Called at least every 250 ms while the upload runs, and once at the end. @default none @example (p) => console.log(p.bytesRead) */
  onProgress?: (progress: UploadProgress) => void
  /** Resume, clean-up and other notices. @default none @example (e) => console.warn(e.type) */
  onEvent?: (event: UploadEvent) => void
  /**
   * A journal file that makes the upload resumable: created if missing, resumed if present,
   * deleted after success. While a journal is in use a failed upload is never aborted.
   * @default none
   * @example './backup.tar.jss-journal'
   */
  journal?: string
  /**
   * Keep the uploaded parts (do not abort the multipart upload) when the upload fails.
   * @default false
   * @example true
   */
  leavePartsOnError?: boolean
  /** The store's part limits. @default { minPartSize: 5 MiB, maxPartSize: 5 GiB, maxParts: 10000 } @example { maxParts: 20 } */
  limits?: Partial<PartLimits>
  /**
   * Deadline of the clean-up abort request, in milliseconds; also how long an Initiate in flight
   * when the upload is aborted may still finish (so that the upload it created is aborted, not
   * left behind). @default 10_000 @example 5_000
   */
  abortTimeout?: number
  /** Directory for spool files. @default os.tmpdir() @example '/var/tmp' */
  tempDir?: string
}

/** A part of the finished object. */
export interface UploadedPart {
  readonly partNumber: number
  readonly etag: string
  readonly size: number
}

/** The stored object. */
export interface UploadStreamResult {
  readonly bucket: string
  readonly key: string
  /** The object's ETag, verified: the MD5 of the body, or the multipart rule for multipart. */
  readonly etag: string
  /** Bytes stored. */
  readonly size: number
  /** The parts, ascending; empty when the data went in one PUT. */
  readonly parts: readonly UploadedPart[]
  /** The multipart upload id; absent for a single PUT. */
  readonly uploadId?: string
  /** Hex SHA-256 of the whole stream, with `sha256: true`. */
  readonly sha256?: string
  /**
   * The part schedule the stream was cut with (the given, planned or journaled one); `null` for
   * `parts` input.
   */
  readonly schedule: PartSchedule | null
}

export { DEFAULT_PART_SIZE }
/** @default 4 */
export const DEFAULT_CONCURRENCY: number = 4
/** @default 10 s */
export const DEFAULT_ABORT_TIMEOUT: number = 10_000
/** The longest timer Node keeps (a longer one fires after 1 ms). */
const MAX_TIMEOUT = 2_147_483_647

/** The options of one upload, checked, with the defaults that other checks depend on filled in. */
export interface ResolvedUploadOptions {
  /** The options as given (every one checked). */
  readonly options: UploadStreamOptions
  /** `body` or `parts`. */
  readonly input: Readable | ByteSource
  /** The input comes already cut into parts (`parts`). */
  readonly cutIntoParts: boolean
  readonly concurrency: number
  readonly partSize: number
  readonly limits: PartLimits
  readonly abortTimeout: number
  /** The planned schedule; `null` with `parts`. */
  readonly schedule: PartSchedule | null
}

const CLIENT_METHODS = [
  'initiateMultipartUpload',
  'uploadPart',
  'completeMultipartUpload',
  'abortMultipartUpload',
  'paginateParts',
  'putObject',
] as const

/**
 * Checks every option of `uploadStream` before anything is read, sent or written, and resolves the
 * defaults the checks depend on. Throws only `JssStreamError`s: `JSS_ERR_INVALID_OPTION` naming
 * the option, the value and what is allowed (and `JSS_ERR_TOO_LARGE` for a `sizeHint` that
 * cannot fit in the limits).
 */
export function resolveUploadOptions(options: UploadStreamOptions): ResolvedUploadOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError(`the options must be an object, got ${describeValue(options)}`)
  }
  const o = options as unknown as RawOptions
  checkClient(o)
  nonEmpty(o, 'bucket', true)
  nonEmpty(o, 'key', true)
  const { cutIntoParts, input } = resolveInput(o)
  const limits = resolveLimitsOption(o)
  checkScheduleExclusions(o, cutIntoParts)
  const partSize = resolvePartSizeOption(o, limits)
  const concurrency = integer(o, 'concurrency', 1, limits.maxParts, DEFAULT_CONCURRENCY)
  checkTuning(o)
  checkSignal(o)
  optional(o, 'onProgress', 'function')
  optional(o, 'onEvent', 'function')
  nonEmpty(o, 'journal', false)
  nonEmpty(o, 'tempDir', false)
  const abortTimeout = integer(o, 'abortTimeout', 1, MAX_TIMEOUT, DEFAULT_ABORT_TIMEOUT)
  checkObjectAttributes(o)
  const schedule = resolveScheduleOption(o, cutIntoParts, limits)
  return {
    options,
    input,
    cutIntoParts,
    concurrency,
    partSize: partSize ?? (schedule as PartSchedule).initialPartSize,
    limits,
    abortTimeout,
    schedule,
  }
}

/** The initial part size (or its default), checked; `undefined` when a schedule is given. */
export function resolvePartSizeOption(o: RawOptions, limits: PartLimits): number | undefined {
  if (o.schedule !== undefined) return undefined
  return integer(
    o,
    'partSize',
    limits.minPartSize,
    limits.maxPartSize,
    Math.max(DEFAULT_PART_SIZE, limits.minPartSize),
  )
}

/** `schedule` goes with `body` only, and instead of `partSize`. */
function checkScheduleExclusions(o: RawOptions, cutIntoParts: boolean): void {
  if (o.schedule === undefined) return
  if (cutIntoParts) {
    throw new InvalidOptionError('schedule cannot be used with parts: they come already cut')
  }
  if (o.partSize !== undefined) {
    throw new InvalidOptionError(
      'schedule and partSize are mutually exclusive: the schedule holds the initial part size',
    )
  }
}

/** The schedule to cut the stream with: the given one (checked) or the planned one; `null` with `parts`. */
function resolveScheduleOption(
  o: RawOptions,
  cutIntoParts: boolean,
  limits: PartLimits,
): PartSchedule | null {
  if (cutIntoParts) return null
  const sizeHint = o.sizeHint as number | undefined
  if (o.schedule !== undefined) return checkGivenSchedule(o.schedule, limits, sizeHint)
  return resolvePartSchedule({ partSize: o.partSize as number | undefined, sizeHint, limits })
}

/** The options as given, before they are checked. */
export type RawOptions = Readonly<Record<string, unknown>>

/** The error for option `name`: what it must be and what it is. */
function bad(o: RawOptions, name: string, allowed: string): InvalidOptionError {
  return new InvalidOptionError(`${name} must be ${allowed}, got ${describeValue(o[name])}`)
}

/** Checks that option `name`, when given, is of `type`. */
function optional(o: RawOptions, name: string, type: 'string' | 'boolean' | 'function'): void {
  const value = o[name]
  if (value !== undefined && typeof value !== type) throw bad(o, name, `a ${type}`)
}

/** Checks that option `name` (when given, unless `required`) is a non-empty string. */
function nonEmpty(o: RawOptions, name: string, required: boolean): void {
  const value = o[name]
  if (value === undefined && !required) return
  if (typeof value !== 'string' || value === '') throw bad(o, name, 'a non-empty string')
}

/** Option `name` (or `fallback`), checked to be an integer from `min` to `max`. */
export function integer(
  o: RawOptions,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const value = o[name] === undefined ? fallback : o[name]
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) {
    return value
  }
  throw bad(
    o,
    name,
    max === Number.MAX_SAFE_INTEGER
      ? `${min === 0 ? 'a non-negative' : 'a positive'} integer`
      : `an integer from ${min} to ${max}`,
  )
}

/** Checks that `client` has every method an upload calls. */
export function checkClient(o: RawOptions): void {
  const client = o.client as Record<string, unknown> | null | undefined
  if (typeof client !== 'object' || client === null) throw bad(o, 'client', 'a JssClient')
  for (const method of CLIENT_METHODS) {
    if (typeof client[method] !== 'function') {
      throw new InvalidOptionError(`client must be a JssClient, but it has no ${method} method`)
    }
  }
}

/** The input: exactly one of `body` and `parts`, a byte source. */
function resolveInput(o: RawOptions): { cutIntoParts: boolean; input: Readable | ByteSource } {
  if ((o.body === undefined) === (o.parts === undefined)) {
    throw new InvalidOptionError('exactly one of body and parts is required')
  }
  const cutIntoParts = o.body === undefined
  const inputName = cutIntoParts ? 'parts' : 'body'
  const input = o[inputName]
  if (!isByteSource(input)) {
    throw bad(
      o,
      inputName,
      'a Readable, a web ReadableStream or an async iterable of Uint8Array chunks',
    )
  }
  return { cutIntoParts, input: input as Readable | ByteSource }
}

/** The part limits: `limits` over the defaults. */
export function resolveLimitsOption(o: RawOptions): PartLimits {
  if (o.limits !== undefined && (typeof o.limits !== 'object' || o.limits === null)) {
    throw bad(o, 'limits', 'an object')
  }
  return resolveLimits(o.limits as Partial<PartLimits> | undefined)
}

/** Checks the memory, hashing and size options. */
function checkTuning(o: RawOptions): void {
  if (o.memoryLimit !== undefined) integer(o, 'memoryLimit', 1, Number.MAX_SAFE_INTEGER, 0)
  if (o.hashWorkerNice !== undefined) integer(o, 'hashWorkerNice', 0, 39, 0)
  if (o.hashWorkers !== undefined) integer(o, 'hashWorkers', 1, Number.MAX_SAFE_INTEGER, 0)
  if (o.sizeHint !== undefined) integer(o, 'sizeHint', 0, Number.MAX_SAFE_INTEGER, 0)
  for (const name of ['exactSize', 'sha256', 'leavePartsOnError'] as const) {
    optional(o, name, 'boolean')
  }
  if (o.exactSize && o.sizeHint === undefined) {
    throw new InvalidOptionError('exactSize needs sizeHint')
  }
}

/** Checks that `signal`, when given, looks like an `AbortSignal`. */
function checkSignal(o: RawOptions): void {
  const signal = o.signal as Partial<AbortSignal> | null | undefined
  if (signal === undefined) return
  if (
    typeof signal !== 'object' ||
    signal === null ||
    typeof signal.aborted !== 'boolean' ||
    typeof signal.addEventListener !== 'function' ||
    typeof signal.removeEventListener !== 'function'
  ) {
    throw bad(o, 'signal', 'an AbortSignal')
  }
}

/** Checks the object attributes: content type, storage class, encryption and metadata. */
function checkObjectAttributes(o: RawOptions): void {
  optional(o, 'contentType', 'string')
  if (
    o.storageClass !== undefined &&
    o.storageClass !== 'STANDARD' &&
    o.storageClass !== 'REDUCED_REDUNDANCY'
  ) {
    throw bad(o, 'storageClass', 'STANDARD or REDUCED_REDUNDANCY')
  }
  optional(o, 'serverSideEncryption', 'boolean')
  checkMetadata(o)
}

/** Checks that `metadata`, when given, is an object of strings. */
function checkMetadata(o: RawOptions): void {
  const metadata = o.metadata
  if (metadata === undefined) return
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw bad(o, 'metadata', 'an object of strings')
  }
  for (const [name, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      throw new InvalidOptionError(
        `metadata ${JSON.stringify(name)} must be a string, got ${describeValue(value)}`,
      )
    }
  }
}

function isByteSource(value: unknown): boolean {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false
  const source = value as { [Symbol.asyncIterator]?: unknown; on?: unknown }
  return typeof source[Symbol.asyncIterator] === 'function' || typeof source.on === 'function'
}
