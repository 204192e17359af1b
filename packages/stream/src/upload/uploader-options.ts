import { InvalidOptionError } from '../errors.js'
import type { PartLimits } from '../parts/part-limits.js'
import type { SharedSettings } from './shared-resources.js'
import type { UploadClient } from './upload-client.js'
import {
  checkClient,
  DEFAULT_CONCURRENCY,
  integer,
  type RawOptions,
  resolveLimitsOption,
  type UploadStreamOptions,
} from './upload-options.js'

/** Options of `createUploader`: what every upload through the uploader shares. */
export interface UploaderOptions {
  /** The client every upload sends through (`createClient` of `@jss/protocol`). */
  client: UploadClient
  /**
   * The most part requests in flight at once, across all the uploads (a spooled part, sent from its
   * file, takes them all while it is sent).
   * @default 4
   * @example 16
   */
  concurrency?: number | undefined
  /**
   * The most bytes of all the streams held in pooled memory at once: ONE pool of this many bytes
   * serves every upload, whatever their number. A part takes its whole size in blocks when it starts
   * (so a part never waits for memory half-built) and waits its turn, first come first served, when
   * the pool cannot hold it yet; a part larger than the pool is spooled to a temporary file. Beyond
   * the pool, the overhead is the same whatever the number of uploads: the two read chunks (64 KiB
   * each at most) of the one spooled part being sent, since a spooled part takes every request slot
   * (none when three blocks of the pool are free: the part is then read back through them).
   * A part being gathered keeps its blocks until its source delivers it: a stalled source holds one
   * part's worth of the pool.
   * @default (concurrency + 1) × partSize
   * @example 256 * 1024 * 1024
   */
  memoryLimit?: number | undefined
  /**
   * The part size the pool's blocks are cut for (uploads may still choose theirs: a part of another
   * size wastes at most part of its last block).
   * @default the initial part size of the first upload (8 MiB unless it says otherwise)
   * @example 16 * 1024 * 1024
   */
  partSize?: number | undefined
  /**
   * The most MD5 worker threads, shared by every upload and started on demand (plus one SHA-256
   * thread for uploads with `sha256`): the thread count does not grow with the number of uploads.
   * @default defaultHashWorkers(concurrency, availableParallelism())
   * @example 2
   */
  hashWorkers?: number | undefined
  /**
   * Added to the nice value of the hash worker threads (Linux only; see `uploadStream`).
   * @default defaultHashWorkerNice(hashWorkers, availableParallelism())
   */
  hashWorkerNice?: number | undefined
  /** The service's part limits (see `uploadStream`). @default DEFAULT_PART_LIMITS */
  limits?: Partial<PartLimits> | undefined
}

/** What `Uploader.upload` takes: the options of `uploadStream` for one object, less the shared ones. */
export type UploadOptions = Omit<UploadStreamOptions, SharedOptionName>

/** The options of `uploadStream` that an uploader holds for all its uploads. */
export type SharedOptionName =
  | 'client'
  | 'concurrency'
  | 'memoryLimit'
  | 'hashWorkers'
  | 'hashWorkerNice'
  | 'limits'

/** Every option name of {@link SharedOptionName}. */
export const SHARED_OPTION_NAMES: readonly SharedOptionName[] = [
  'client',
  'concurrency',
  'memoryLimit',
  'hashWorkers',
  'hashWorkerNice',
  'limits',
]

/** Checks the options of an uploader (`JSS_ERR_INVALID_OPTION`), before anything is started. */
export function resolveUploaderOptions(options: UploaderOptions): SharedSettings {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('the uploader options must be an object')
  }
  const o = options as unknown as RawOptions
  checkClient(o)
  const limits = resolveLimitsOption(o)
  const concurrency = integer(o, 'concurrency', 1, limits.maxParts, DEFAULT_CONCURRENCY)
  const optionalInteger = (name: string, min: number, max: number): number | undefined =>
    o[name] === undefined ? undefined : integer(o, name, min, max, 0)
  return {
    client: options.client,
    concurrency,
    limits,
    memoryLimit: optionalInteger('memoryLimit', 1, Number.MAX_SAFE_INTEGER),
    partSize: optionalInteger('partSize', limits.minPartSize, limits.maxPartSize),
    hashWorkers: optionalInteger('hashWorkers', 1, Number.MAX_SAFE_INTEGER),
    hashWorkerNice: optionalInteger('hashWorkerNice', 0, 39),
  }
}

/** Refuses, in the options of one upload, an option that belongs to the uploader. */
export function checkNoSharedOption(options: UploadOptions): void {
  if (typeof options !== 'object' || options === null) return
  for (const name of SHARED_OPTION_NAMES) {
    if ((options as Record<string, unknown>)[name] !== undefined) {
      throw new InvalidOptionError(
        `${name} is an option of the uploader (createUploader), not of one upload`,
      )
    }
  }
}
