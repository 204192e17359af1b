import { InvalidOptionError } from '../errors.js'
import { type PartSchedule, parsePartSchedule } from '../parts/parse-part-schedule.js'
import { type PartLimits, resolveLimits } from '../parts/part-limits.js'
import { DEFAULT_PART_SIZE } from '../parts/resolve-part-schedule.js'
import type { DownloadClient } from './fetch-range.js'

/** How far a download is, after each part passed on. */
export interface DownloadProgress {
  /** Bytes passed on to the reader so far. */
  readonly bytes: number
  /** The object's size (from HEAD). */
  readonly size: number
}

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
   * multipart ETag can be verified from their MD5s (hashed in parallel in worker threads).
   */
  readonly schedule?: PartSchedule | undefined
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
}

/** What a download found out, once every byte was passed on (and verified). */
export interface DownloadResult {
  readonly size: number
  /** The object's ETag, unquoted lowercase. */
  readonly etag: string
  /**
   * Whether the bytes were checked against the ETag: `false` with `verify: false`, and for an
   * object of at least `limits.minPartSize` (5 MiB) downloaded without its schedule whose ETag is
   * not the body's MD5 (a multipart upload: its part boundaries are unknown).
   */
  readonly verified: boolean
}

/** {@link DownloadStreamOptions} checked, with the defaults filled in. */
export interface ResolvedDownloadOptions {
  readonly client: DownloadClient
  readonly bucket: string
  readonly key: string
  readonly concurrency: number
  readonly partSize: number
  readonly schedule: PartSchedule | undefined
  readonly limits: PartLimits
  readonly verify: boolean
  readonly signal: AbortSignal | undefined
  readonly onProgress: ((progress: DownloadProgress) => void) | undefined
}

/** A positive safe integer option, or its default; anything else is an {@link InvalidOptionError}. */
function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidOptionError(`${name} must be a positive integer, got ${String(value)}`)
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

/** Checks `verify`, `signal` and `onProgress`. */
function checkFlags({ verify, signal, onProgress }: DownloadStreamOptions): void {
  if (verify !== undefined && typeof verify !== 'boolean') {
    throw new InvalidOptionError('verify must be a boolean')
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new InvalidOptionError('onProgress must be a function')
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
  const schedule =
    options.schedule === undefined
      ? undefined
      : parsePartSchedule(options.schedule, 'the schedule option', limits)
  return {
    client: options.client,
    bucket: options.bucket,
    key: options.key,
    concurrency: positiveInteger('concurrency', options.concurrency, 4),
    partSize: positiveInteger('partSize', options.partSize, DEFAULT_PART_SIZE),
    schedule,
    limits,
    verify: options.verify ?? true,
    signal: options.signal,
    onProgress: options.onProgress,
  }
}
