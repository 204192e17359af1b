import { setMaxListeners } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultHashWorkerNice, defaultHashWorkers } from '../hashing/default-hash-workers.js'
import { createHashPool, type HashPool } from '../hashing/hash-pool.js'
import { type BlockPool, chooseBlockSize, createBlockPool } from '../memory/block-pool.js'
import { createBufferShelf } from '../memory/buffer-shelf.js'
import { createMemoryGauge, type MemoryGauge } from '../memory/memory-gauge.js'
import type { PartSchedule } from '../parts/parse-part-schedule.js'
import type { SpoolReadOptions } from '../parts/part-body.js'
import type { PartLimits } from '../parts/part-limits.js'
import { SPOOL_READ_CHUNK_SIZE } from '../parts/read-spool.js'
import type { JournalWriter } from './journal.js'
import { createProgressTracker, type ProgressTracker } from './progress.js'
import type { ObjectAttributes, UploadClient } from './upload-client.js'
import type { UploadEvent, UploadStreamOptions } from './upload-options.js'

/** Everything one upload shares: settings, resources and the first failure. */
export interface UploadContext {
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
  readonly journal: JournalWriter | undefined
  readonly pool: BlockPool
  /** Bytes of the stream in memory: pooled blocks out and spool chunks being sent. */
  readonly memory: MemoryGauge
  /** Spooled parts are read back in chunks of one block, counted by `memory`. */
  readonly spoolRead: SpoolReadOptions
  readonly hashes: HashPool
  readonly progress: ProgressTracker
  /** Aborted on the first failure (with it as reason) and on the caller's abort. */
  readonly signal: AbortSignal
  readonly failure: { readonly error: unknown } | undefined
  /** Records the first failure and cancels everything under way. */
  fail(error: unknown): void
  emit(event: UploadEvent): void
  spoolPath(): Promise<string>
  /** Stops the timer, the workers and the pool, removes spool files. */
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

/** Allocates the resources of one upload (lazily: no memory, worker or file until needed). */
export function createUploadContext(init: UploadContextInit): UploadContext {
  const { options, concurrency, initialPartSize } = init
  const memoryLimit = options.memoryLimit ?? (concurrency + 1) * initialPartSize
  const blockSize = Math.min(chooseBlockSize(initialPartSize), memoryLimit)
  const memory = createMemoryGauge()
  const spoolChunk = Math.min(blockSize, SPOOL_READ_CHUNK_SIZE)
  const pool = createBlockPool({
    blockSize,
    capacity: Math.floor(memoryLimit / blockSize),
    gauge: memory,
  })
  const cores = availableParallelism()
  const workers = options.hashWorkers ?? defaultHashWorkers(concurrency, cores)
  const hashes = createHashPool({
    size: workers,
    nice: options.hashWorkerNice ?? defaultHashWorkerNice(workers, cores),
  })
  const progress = createProgressTracker({ onProgress: options.onProgress, memory })
  const controller = new AbortController()
  // every request, waiting read and waiting part listens to it
  setMaxListeners(0, controller.signal)
  let failure: { error: unknown } | undefined
  let spoolDir: Promise<string> | undefined
  let spools = 0
  const fail = (error: unknown): void => {
    if (failure) return
    failure = { error }
    controller.abort(error)
  }
  const onCallerAbort = (): void => fail(options.signal?.reason)
  options.signal?.addEventListener('abort', onCallerAbort, { once: true })
  const attributes: ObjectAttributes = {}
  if (options.contentType !== undefined) attributes.contentType = options.contentType
  if (options.storageClass !== undefined) attributes.storageClass = options.storageClass
  if (options.serverSideEncryption !== undefined) {
    attributes.serverSideEncryption = options.serverSideEncryption
  }
  if (options.metadata !== undefined) attributes.metadata = options.metadata

  return {
    client: options.client,
    bucket: options.bucket,
    key: options.key,
    attributes,
    concurrency,
    limits: init.limits,
    schedule: init.schedule,
    sizeHint: options.sizeHint,
    exactSize: options.exactSize === true,
    sha256: options.sha256 === true,
    leavePartsOnError: options.leavePartsOnError === true,
    abortTimeout: init.abortTimeout,
    journal: init.journal,
    pool,
    memory,
    spoolRead: {
      chunkSize: spoolChunk,
      gauge: memory,
      shelf: createBufferShelf(spoolChunk, 2 * concurrency),
    },
    hashes,
    progress,
    signal: controller.signal,
    get failure() {
      return failure
    },
    fail,
    emit(event) {
      try {
        options.onEvent?.(event)
      } catch {
        // a failing event callback must not break the upload
      }
    },
    async spoolPath() {
      spoolDir ??= mkdtemp(join(options.tempDir ?? tmpdir(), 'jss-stream-spool-'))
      return join(await spoolDir, `part-${++spools}`)
    },
    async close() {
      options.signal?.removeEventListener('abort', onCallerAbort)
      progress.stop()
      pool.destroy(failure?.error ?? new Error('upload finished'))
      const dir = spoolDir
      await Promise.allSettled([
        hashes.destroy(),
        dir?.then((d) => rm(d, { recursive: true, force: true })),
      ])
    },
  }
}
