import type { ObjectInfo } from '@jss/protocol'
import { InvalidOptionError } from '../errors.js'
import { type PartSchedule, parsePartSchedule } from '../parts/parse-part-schedule.js'
import { type PartLimits, resolveLimits } from '../parts/part-limits.js'
import { DEFAULT_PART_SIZE } from '../parts/resolve-part-schedule.js'
import type { EtagVerdict } from './check-etag.js'
import type { DownloadClient } from './fetch-range.js'

/** How far a download is: once the size is known (`bytes` 0), then after each part passed on. */
export interface DownloadProgress {
  /** Bytes passed on to the reader so far. */
  readonly bytes: number
  /** The bytes the download passes on in all: the object's size (from HEAD), or the range's. */
  readonly size: number
}

/**
 * Bytes of the object to read: `start` to `end` inclusive (to the last byte without `end`), or the
 * last `suffix` bytes. A range past the end of the object is cut to it.
 */
export type DownloadRange =
  | { readonly start: number; readonly end?: number | undefined }
  | { readonly suffix: number }

/** How a download's bytes were checked: an {@link EtagVerdict}, or not at all (why). */
export type DownloadVerification =
  | EtagVerdict
  /** `verify: false`. */
  | 'skipped'
  /** A `range`: the ETag is of the whole object. */
  | 'range'

/** Options of `downloadStream`. */
export interface DownloadStreamOptions {
  readonly client: DownloadClient
  readonly bucket: string
  readonly key: string
  /** Ranged GETs in flight. @default 4 */
  readonly concurrency?: number | undefined
  /** The size of each ranged GET (ignored with `schedule`). @default DEFAULT_PART_SIZE (8 MiB) */
  readonly partSize?: number | undefined
  /**
   * The part schedule the object was uploaded with: the ranges are then its parts, and the
   * multipart ETag can be verified from their MD5s (hashed in parallel in worker threads). A
   * function is asked with the HEAD's answer (e.g. to read a schedule recorded in the metadata).
   * Without one, an object of several parts is hashed as a whole, in order, on the main thread.
   */
  readonly schedule?: PartSchedule | ((object: ObjectInfo) => PartSchedule | undefined) | undefined
  /** Only these bytes, in ranged GETs of `partSize` (never verified: the ETag is the object's). */
  readonly range?: DownloadRange | undefined
  /**
   * MD5 worker threads for the parts of a `schedule`; `0` hashes them on the main thread as they
   * arrive (less CPU and memory, but one core).
   * @default defaultHashWorkers(concurrency, availableParallelism()) (one per core but one)
   * @example 0
   */
  readonly hashWorkers?: number | undefined
  /**
   * The store's part limits: an object under `minPartSize` cannot be a multipart upload of several
   * parts, so its ETag must be its MD5 (or its one part's ETag). @default DEFAULT_LIMITS
   */
  readonly limits?: Partial<PartLimits> | undefined
  /** Compare the bytes with the object's ETag before ending the stream. @default true */
  readonly verify?: boolean | undefined
  /** Aborts the download: the stream is destroyed with `signal.reason`. */
  readonly signal?: AbortSignal | undefined
  readonly onProgress?: ((progress: DownloadProgress) => void) | undefined
  /** Told before each resumed request: the byte it starts at, and why the last read stopped. */
  readonly onResume?: ((offset: number, error: unknown) => void) | undefined
}

/** What a download found out, once every byte was passed on (and verified). */
export interface DownloadResult {
  /** The object's size (not the range's). */
  readonly size: number
  /** The bytes passed on. */
  readonly bytes: number
  /** The object's ETag, unquoted lowercase. */
  readonly etag: string
  /**
   * Whether the bytes were checked against the ETag: `false` with `verify: false`, and for an
   * object of at least `limits.minPartSize` (5 MiB) downloaded without its schedule whose ETag is
   * not the body's MD5 (a multipart upload: its part boundaries are unknown).
   */
  readonly verified: boolean
  /** How they were checked. */
  readonly verification: DownloadVerification
  /** Requests made again from the byte reached after a body broke or ended early. */
  readonly resumes: number
}

/** {@link DownloadStreamOptions} checked, with the defaults filled in. */
export interface ResolvedDownloadOptions {
  readonly client: DownloadClient
  readonly bucket: string
  readonly key: string
  readonly concurrency: number
  readonly partSize: number
  readonly schedule: ((object: ObjectInfo) => PartSchedule | undefined) | undefined
  readonly range: DownloadRange | undefined
  readonly hashWorkers: number | undefined
  readonly limits: PartLimits
  readonly verify: boolean
  readonly signal: AbortSignal | undefined
  readonly onProgress: ((progress: DownloadProgress) => void) | undefined
  readonly onResume: ((offset: number, error: unknown) => void) | undefined
}

/** A positive safe integer option, or its default; anything else is an {@link InvalidOptionError}. */
function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidOptionError(`${name} must be a positive integer, got ${String(value)}`)
  }
  return value
}

/** A non-negative safe integer option, or undefined; anything else is an {@link InvalidOptionError}. */
function nonNegativeInteger(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidOptionError(`${name} must be a non-negative integer, got ${String(value)}`)
  }
  return value
}

/** Checks the client, bucket and key. */
function checkTarget({ client, bucket, key }: DownloadStreamOptions): void {
  if (typeof client?.getObject !== 'function' || typeof client.headObject !== 'function') {
    throw new InvalidOptionError('client must have getObject and headObject')
  }
  if (typeof bucket !== 'string' || bucket === '' || typeof key !== 'string' || key === '') {
    throw new InvalidOptionError('bucket and key must be non-empty strings')
  }
}

/** Checks `verify`, `signal`, `onProgress` and `onResume`. */
function checkFlags({ verify, signal, onProgress, onResume }: DownloadStreamOptions): void {
  if (verify !== undefined && typeof verify !== 'boolean') {
    throw new InvalidOptionError('verify must be a boolean')
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new InvalidOptionError('onProgress must be a function')
  }
  if (onResume !== undefined && typeof onResume !== 'function') {
    throw new InvalidOptionError('onResume must be a function')
  }
  if (signal !== undefined && typeof signal?.addEventListener !== 'function') {
    throw new InvalidOptionError('signal must be an AbortSignal')
  }
}

/** Checks the options of a download (before any request) and fills in the defaults. */
export function resolveDownloadOptions(options: DownloadStreamOptions): ResolvedDownloadOptions {
  checkTarget(options)
  checkFlags(options)
  if (options.limits !== undefined && (typeof options.limits !== 'object' || !options.limits)) {
    throw new InvalidOptionError('limits must be an object')
  }
  const limits = resolveLimits(options.limits)
  return {
    client: options.client,
    bucket: options.bucket,
    key: options.key,
    concurrency: positiveInteger('concurrency', options.concurrency, 4),
    partSize: positiveInteger('partSize', options.partSize, DEFAULT_PART_SIZE),
    schedule: resolveSchedule(options.schedule, limits),
    range: checkRange(options.range),
    hashWorkers: nonNegativeInteger('hashWorkers', options.hashWorkers),
    limits,
    verify: options.verify ?? true,
    signal: options.signal,
    onProgress: options.onProgress,
    onResume: options.onResume,
  }
}

/**
 * The schedule option as a function of the HEAD's answer; a schedule given as such is checked
 * now, one a function answers when it answers (both against `limits`).
 */
function resolveSchedule(
  schedule: DownloadStreamOptions['schedule'],
  limits: PartLimits,
): ResolvedDownloadOptions['schedule'] {
  if (schedule === undefined) return undefined
  if (typeof schedule === 'function') {
    return (object) => {
      const answered = schedule(object)
      return answered && parsePartSchedule(answered, 'the schedule answered', limits)
    }
  }
  const checked = parsePartSchedule(schedule, 'the schedule option', limits)
  return () => checked
}

/** A non-negative safe integer, or an {@link InvalidOptionError} naming `name`. */
function checkOffset(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidOptionError(`${name} must be a non-negative integer, got ${String(value)}`)
  }
}

/** Checks the range option: `{ start, end? }` with start ≤ end, or `{ suffix }` of at least 1. */
function checkRange(range: unknown): DownloadRange | undefined {
  if (range === undefined) return undefined
  if (typeof range !== 'object' || range === null) {
    throw new InvalidOptionError('range must be { start, end? } or { suffix }')
  }
  if ('suffix' in range) {
    checkOffset('range.suffix', range.suffix)
    if (range.suffix === 0) throw new InvalidOptionError('range.suffix must be at least 1')
    return { suffix: range.suffix as number }
  }
  const { start, end } = range as { start?: unknown; end?: unknown }
  checkOffset('range.start', start)
  if (end !== undefined) {
    checkOffset('range.end', end)
    if ((end as number) < (start as number)) {
      throw new InvalidOptionError(
        `range.end (${String(end)}) is before range.start (${String(start)})`,
      )
    }
  }
  return end === undefined
    ? { start: start as number }
    : { start: start as number, end: end as number }
}
