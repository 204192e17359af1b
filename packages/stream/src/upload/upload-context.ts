import { setMaxListeners } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { HashPool, Sha256Stream } from '../hashing/hash-pool.js'
import { type AbortRelay, createAbortRelay } from '../input/abort-relay.js'
import type { BlockPool } from '../memory/block-pool.js'
import { createBufferShelf } from '../memory/buffer-shelf.js'
import { createMemoryGauge, type MemoryGauge } from '../memory/memory-gauge.js'
import { createReservingPool, type ReservingPool } from '../memory/reserving-pool.js'
import type { Slots } from '../memory/slots.js'
import type { PartSchedule } from '../parts/parse-part-schedule.js'
import type { SpoolReadBlocks, SpoolReadOptions } from '../parts/part-body.js'
import type { PartLimits } from '../parts/part-limits.js'
import { SPOOL_READ_CHUNK_SIZE } from '../parts/read-spool.js'
import type { JournalWriter } from './journal.js'
import { createProgressTracker, type ProgressTracker } from './progress.js'
import type { SharedResources } from './shared-resources.js'
import type { ObjectAttributes, UploadClient } from './upload-client.js'
import type { UploadEvent, UploadStreamOptions } from './upload-options.js'

/** What one upload was asked to do, resolved: fixed for the whole upload. */
export interface UploadSettings {
  readonly client: UploadClient
  readonly bucket: string
  readonly key: string
  readonly attributes: ObjectAttributes
  readonly concurrency: number
  readonly limits: PartLimits
  /** `null` when the input comes already cut into parts. */
  readonly schedule: PartSchedule | null
  readonly sizeHint: number | undefined
  readonly exactSize: boolean
  readonly sha256: boolean
  readonly leavePartsOnError: boolean
  readonly abortTimeout: number
}

/** What one upload holds: its share of memory and workers, files, the journal and the timer. */
export interface UploadResources {
  /** This upload's view of the uploader's pool: a part takes its blocks at once. */
  readonly pool: ReservingPool
  /** Bytes of the stream in memory: pooled blocks out and spool chunks being sent. */
  readonly memory: MemoryGauge
  /** Spooled parts are read back in chunks of at most one block, counted by `memory`. */
  readonly spoolRead: SpoolReadOptions
  readonly hashes: HashPool
  /** The uploader's limit on part requests in flight, shared by its uploads. */
  readonly requests: Slots
  readonly progress: ProgressTracker
  readonly journal: JournalWriter | undefined
  /** A new spool file path (in a directory created on first use). */
  spoolPath(): Promise<string>
  /** Stops the timer, gives back its blocks (refusing waits with `reason`), removes spool files. */
  close(reason: unknown): Promise<void>
}

/** The first failure of one upload, and the signal that cancels everything once it is set. */
export interface FailureLatch {
  /** Aborted on the first failure (with it as reason) and on the caller's abort. */
  readonly signal: AbortSignal
  readonly failure: { readonly error: unknown } | undefined
  /** Records the first failure and cancels everything under way. */
  fail(error: unknown): void
  /** Stops listening to the caller's signal. */
  detach(): void
}

/** Everything one upload shares: settings, resources and the first failure. */
export interface UploadContext {
  readonly settings: UploadSettings
  readonly resources: UploadResources
  readonly latch: FailureLatch
  /** Reports a notice to `onEvent` (a throwing callback is ignored). */
  emit(event: UploadEvent): void
  /** Releases the resources (see {@link UploadResources.close}) and stops following the caller. */
  close(): Promise<void>
}

/** Inputs of {@link createUploadContext} that are decided before it. */
export interface UploadContextInit {
  readonly options: UploadStreamOptions
  readonly concurrency: number
  readonly limits: PartLimits
  readonly schedule: PartSchedule | null
  readonly initialPartSize: number
  readonly abortTimeout: number
  readonly journal: JournalWriter | undefined
}

/** Builds the context of one upload (lazily: no memory, worker or file until needed). */
export function createUploadContext(
  init: UploadContextInit,
  shared: SharedResources,
  stop?: AbortSignal,
): UploadContext {
  const { options } = init
  const settings = resolveUploadSettings(init)
  const resources = createUploadResources(init, shared)
  const latch = createFailureLatch(options.signal, stop, shared.aborts)
  return {
    settings,
    resources,
    latch,
    emit(event) {
      try {
        options.onEvent?.(event)
      } catch {
        // a failing event callback must not break the upload
      }
    },
    async close() {
      latch.detach()
      await resources.close(latch.failure?.error ?? new Error('upload finished'))
    },
  }
}

/** The settings of one upload from its options and the values decided before. */
export function resolveUploadSettings(init: UploadContextInit): UploadSettings {
  const { options } = init
  return {
    client: options.client,
    bucket: options.bucket,
    key: options.key,
    attributes: objectAttributesOf(options),
    concurrency: init.concurrency,
    limits: init.limits,
    schedule: init.schedule,
    sizeHint: options.sizeHint,
    exactSize: options.exactSize === true,
    sha256: options.sha256 === true,
    leavePartsOnError: options.leavePartsOnError === true,
    abortTimeout: init.abortTimeout,
  }
}

/** The object attributes given in the options (only those given). */
function objectAttributesOf(options: UploadStreamOptions): ObjectAttributes {
  const attributes: ObjectAttributes = {}
  if (options.contentType !== undefined) attributes.contentType = options.contentType
  if (options.storageClass !== undefined) attributes.storageClass = options.storageClass
  if (options.serverSideEncryption !== undefined) {
    attributes.serverSideEncryption = options.serverSideEncryption
  }
  if (options.metadata !== undefined) attributes.metadata = options.metadata
  return attributes
}

/**
 * Creates one upload's share of the uploader's resources (its view of the block pool and of the
 * hash workers), its spool directory and its progress tracker.
 */
export function createUploadResources(
  init: UploadContextInit,
  shared: SharedResources,
): UploadResources {
  const { options, concurrency, initialPartSize } = init
  const memory = createMemoryGauge(shared.memory)
  const sharedPool = shared.poolFor(initialPartSize)
  const pool = createReservingPool(sharedPool, memory)
  const spoolChunk = Math.min(pool.blockSize, SPOOL_READ_CHUNK_SIZE)
  const progress = createProgressTracker({ onProgress: options.onProgress, memory })
  const spools = createSpoolDirectory(options.tempDir ?? tmpdir())
  return {
    pool,
    memory,
    spoolRead: {
      chunkSize: spoolChunk,
      gauge: memory,
      shelf: createBufferShelf(spoolChunk, 2 * concurrency),
      blocks: spoolReadBlocks(sharedPool, memory),
    },
    hashes: shareHashPool(shared.hashes),
    requests: shared.requests,
    progress,
    journal: init.journal,
    spoolPath: spools.next,
    async close(reason) {
      progress.stop()
      pool.destroy(reason)
      await spools.remove().catch(() => {})
    },
  }
}

/** Free blocks of the shared pool for reading spooled parts back, counted as the upload's. */
function spoolReadBlocks(pool: BlockPool, memory: MemoryGauge): SpoolReadBlocks {
  return {
    blockSize: pool.blockSize,
    tryAcquire() {
      const block = pool.tryAcquire()
      if (block !== undefined) memory.hold(pool.blockSize)
      return block
    },
    release(block) {
      memory.release(pool.blockSize)
      pool.release(block)
    },
  }
}

/** One upload's view of a shared hash pool: its own running SHA-256; `destroy` leaves the workers. */
function shareHashPool(hashes: HashPool): HashPool {
  let sha: Sha256Stream | undefined
  const stream = (): Sha256Stream => {
    sha ??= hashes.openSha256()
    return sha
  }
  return {
    md5: (chunks) => hashes.md5(chunks),
    sha256Update: (chunks) => stream().update(chunks),
    sha256UpdateFile: (path) => stream().updateFile(path),
    sha256Digest: () => stream().digest(),
    openSpool: (path) => hashes.openSpool(path),
    openMd5: () => hashes.openMd5(),
    openSha256: () => hashes.openSha256(),
    prestart: () => hashes.prestart(),
    destroy: async () => {},
  }
}

/** A spool directory under `parent`, created with the first path asked for. */
function createSpoolDirectory(parent: string): {
  next(): Promise<string>
  remove(): Promise<void>
} {
  let dir: Promise<string> | undefined
  let spools = 0
  return {
    async next() {
      dir ??= mkdtemp(join(parent, 'jss-stream-spool-'))
      return join(await dir, `part-${++spools}`)
    },
    async remove() {
      if (dir) await rm(await dir, { recursive: true, force: true })
    },
  }
}

/**
 * The failure latch of an upload, set by its first failure, by the caller's `signal` or by `stop`
 * (the uploader's, when it is destroyed). The caller's signal is listened to through `relay` (the
 * uploader's), so that uploads sharing one signal add one listener to it.
 */
export function createFailureLatch(
  callerSignal: AbortSignal | undefined,
  stop?: AbortSignal,
  relay: AbortRelay = createAbortRelay(),
): FailureLatch {
  const controller = new AbortController()
  // every request, waiting read and waiting part listens to it
  setMaxListeners(0, controller.signal)
  let failure: { error: unknown } | undefined
  const fail = (error: unknown): void => {
    if (failure) return
    failure = { error }
    controller.abort(error)
  }
  const onCallerAbort = (): void => fail(callerSignal?.reason)
  const onStop = (): void => fail(stop?.reason)
  // through the uploader's relay: one listener on a signal that many uploads share
  const unlistenCaller = callerSignal ? relay.listen(callerSignal, onCallerAbort) : () => {}
  if (stop?.aborted) onStop()
  else stop?.addEventListener('abort', onStop, { once: true })
  return {
    signal: controller.signal,
    get failure() {
      return failure
    },
    fail,
    detach: () => {
      unlistenCaller()
      stop?.removeEventListener('abort', onStop)
    },
  }
}
