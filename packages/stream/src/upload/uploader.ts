import { InvalidOptionError, UploaderClosedError } from '../errors.js'
import { createSharedResources, type SharedResources } from './shared-resources.js'
import { uploadObject } from './upload-object.js'
import { resolveUploadOptions, type UploadStreamResult } from './upload-options.js'
import {
  checkNoSharedOption,
  resolveUploaderOptions,
  type UploaderOptions,
  type UploadOptions,
} from './uploader-options.js'

/** Memory of an uploader's pool, for monitoring. */
export interface UploaderMemory {
  /** The pool's budget in bytes (whole blocks: at most `memoryLimit`); 0 before the first upload. */
  readonly budget: number
  /** Bytes in pooled blocks held now (by parts, or reserved for the parts being gathered). */
  readonly pooledBytes: number
  /** The highest `pooledBytes` seen: never more than `budget`. */
  readonly peakPooledBytes: number
  /** Bytes of the streams in memory now: pooled blocks and spool chunks being sent. */
  readonly bytes: number
  /**
   * The highest `bytes` seen: at most `budget` plus the two read chunks (64 KiB each at most) of the
   * one spooled part being sent (a spooled part takes every request slot, so one is sent at a time).
   */
  readonly peakBytes: number
}

/**
 * Uploads many objects at once through one block pool, one set of hash worker threads and one limit
 * on part requests in flight (see {@link createUploader}).
 */
export interface Uploader {
  /**
   * Uploads one object, as `uploadStream` does with the same options (less the uploader's own:
   * `client`, `concurrency`, `memoryLimit`, `hashWorkers`, `hashWorkerNice`, `limits`), and answers
   * the same result. Options are checked before anything is read or sent
   * (`JSS_ERR_INVALID_OPTION`); after `close()` or `destroy()` it rejects with
   * `UploaderClosedError` (`JSS_ERR_UPLOADER_CLOSED`).
   */
  upload(options: UploadOptions): Promise<UploadStreamResult>
  /** Uploads under way. */
  readonly active: number
  readonly memory: UploaderMemory
  /**
   * Refuses new uploads, waits for those under way to settle, then stops the worker threads and
   * frees the pool. Idempotent.
   */
  close(): Promise<void>
  /**
   * Refuses new uploads and aborts those under way with `reason` (each one cleans up as an aborted
   * `uploadStream` does: its multipart upload aborted, its blocks and spool files freed), stops the
   * worker threads at once, and resolves once every upload settled.
   * @default reason an `UploaderClosedError`
   */
  destroy(reason?: unknown): Promise<void>
}

/**
 * Creates an uploader: many concurrent uploads in one process with bounded resources, whatever
 * their number.
 * - Memory: one pool of `memoryLimit` bytes for all the uploads; its high-water mark never exceeds
 *   it (see {@link UploaderMemory}). Each part takes its whole size in blocks when it starts and
 *   waits, first come first served across uploads, while the pool cannot hold it: uploads take turns
 *   and never deadlock, and no part holds blocks while it waits for more.
 * - Threads: at most `hashWorkers` MD5 threads (plus one SHA-256 thread), started on demand.
 * - Requests: at most `concurrency` part requests in flight across the uploads, served in order.
 * - Failure: an upload that fails aborts its multipart upload and gives its blocks back; the
 *   others go on.
 *
 * Options are checked at once (`JSS_ERR_INVALID_OPTION`); nothing is allocated or started before
 * the first upload.
 * @example
 * const uploader = createUploader({ client, memoryLimit: 128 * 1024 * 1024, concurrency: 8 })
 * try {
 *   await Promise.all(files.map((f) => uploader.upload({ bucket: 'b', key: f, body: createReadStream(f) })))
 * } finally {
 *   await uploader.close()
 * }
 */
export function createUploader(options: UploaderOptions): Uploader {
  const settings = resolveUploaderOptions(options)
  const shared = createSharedResources(settings)
  const running = new Map<Promise<unknown>, AbortController>()
  let closed: { readonly reason: unknown } | undefined
  let stopped: Promise<void> | undefined
  /** Waits for every upload under way to settle. */
  const settleAll = async (): Promise<void> => {
    await Promise.allSettled([...running.keys()])
  }
  return {
    upload(upload) {
      if (closed) {
        return Promise.reject(
          new UploaderClosedError('the uploader is closed', { cause: closed.reason }),
        )
      }
      const stop = new AbortController()
      shared.hashes.prestart()
      let task: Promise<UploadStreamResult>
      try {
        task = startUpload(shared, upload, stop.signal)
      } catch (error) {
        return Promise.reject(error)
      }
      const tracked = task.finally(() => running.delete(tracked))
      running.set(tracked, stop)
      return tracked
    },
    get active() {
      return running.size
    },
    get memory() {
      return memoryOf(shared)
    },
    close() {
      closed ??= { reason: undefined }
      stopped ??= settleAll().then(() =>
        shared.destroy(new UploaderClosedError('the uploader is closed')),
      )
      return stopped
    },
    destroy(reason = new UploaderClosedError('the uploader was destroyed')) {
      closed ??= { reason }
      for (const stop of running.values()) stop.abort(reason)
      const workers = shared.destroy(reason)
      stopped ??= workers
      return Promise.all([settleAll(), workers]).then(() => {})
    },
  }
}

/** Checks the options of one upload (synchronously) and starts it, stopped by `stop` too. */
function startUpload(
  shared: SharedResources,
  upload: UploadOptions,
  stop: AbortSignal,
): Promise<UploadStreamResult> {
  checkNoSharedOption(upload)
  if (typeof upload !== 'object' || upload === null) {
    throw new InvalidOptionError('the upload options must be an object')
  }
  const { client, concurrency, limits } = shared.settings
  const resolved = resolveUploadOptions({ ...upload, client, concurrency, limits })
  return uploadObject(shared, resolved, stop)
}

/** The memory figures of the shared pool and gauge. */
function memoryOf(shared: SharedResources): UploaderMemory {
  const pool = shared.pool
  return {
    budget: pool ? pool.blockSize * pool.capacity : 0,
    pooledBytes: pool?.heldBytes ?? 0,
    peakPooledBytes: pool?.peakHeldBytes ?? 0,
    bytes: shared.memory.bytes,
    peakBytes: shared.memory.peak,
  }
}
