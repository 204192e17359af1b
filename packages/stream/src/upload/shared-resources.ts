import { availableParallelism } from 'node:os'
import { defaultHashWorkerNice, defaultHashWorkers } from '../hashing/default-hash-workers.js'
import { createHashPool, type HashPool } from '../hashing/hash-pool.js'
import { type AbortRelay, createAbortRelay } from '../input/abort-relay.js'
import { type BlockPool, chooseBlockSize, createBlockPool } from '../memory/block-pool.js'
import { createMemoryGauge, type MemoryGauge } from '../memory/memory-gauge.js'
import { createSlots, type Slots } from '../memory/slots.js'
import type { PartLimits } from '../parts/part-limits.js'
import type { UploadClient } from './upload-client.js'

/** The settings of an uploader, checked: what every upload through it shares. */
export interface SharedSettings {
  readonly client: UploadClient
  readonly concurrency: number
  readonly limits: PartLimits
  /** `undefined`: (concurrency + 1) × the block part size. */
  readonly memoryLimit: number | undefined
  /** The part size the blocks are cut for; `undefined`: the first upload's initial part size. */
  readonly partSize: number | undefined
  readonly hashWorkers: number | undefined
  readonly hashWorkerNice: number | undefined
}

/** What the uploads of one uploader share: one block pool, one hash pool, one request limit. */
export interface SharedResources {
  readonly settings: SharedSettings
  /** Bytes of every upload's stream in memory (pooled blocks and spool chunks being sent). */
  readonly memory: MemoryGauge
  /** The most part requests in flight across the uploads (a spooled part takes them all). */
  readonly requests: Slots
  readonly hashes: HashPool
  /** The callers' signals, each listened to once however many uploads share it. */
  readonly aborts: AbortRelay
  /** The block pool, created for parts of `initialPartSize` when the first upload asks for it. */
  poolFor(initialPartSize: number): BlockPool
  /** The pool, once created. */
  readonly pool: BlockPool | undefined
  /** Stops the hash workers and the pool (waiting blocks are refused with `reason`). */
  destroy(reason: unknown): Promise<void>
}

/** The shared resources of an uploader: nothing is allocated or started until an upload needs it. */
export function createSharedResources(settings: SharedSettings): SharedResources {
  const memory = createMemoryGauge()
  const hashes = createSharedHashPool(settings)
  let pool: BlockPool | undefined
  return {
    settings,
    memory,
    requests: createSlots(settings.concurrency),
    hashes,
    aborts: createAbortRelay(),
    poolFor(initialPartSize) {
      pool ??= createSharedBlockPool(settings, initialPartSize)
      return pool
    },
    get pool() {
      return pool
    },
    async destroy(reason) {
      pool?.destroy(reason)
      await hashes.destroy()
    },
  }
}

/** The block pool of `memoryLimit` bytes, in blocks cut for parts of the given size. */
function createSharedBlockPool(settings: SharedSettings, initialPartSize: number): BlockPool {
  const partSize = settings.partSize ?? initialPartSize
  const memoryLimit = settings.memoryLimit ?? (settings.concurrency + 1) * partSize
  const blockSize = Math.min(chooseBlockSize(partSize), memoryLimit)
  return createBlockPool({ blockSize, capacity: Math.floor(memoryLimit / blockSize) })
}

/** The hash worker pool, sized and niced by the settings or the defaults for this machine. */
function createSharedHashPool(settings: SharedSettings): HashPool {
  const cores = availableParallelism()
  const workers = settings.hashWorkers ?? defaultHashWorkers(settings.concurrency, cores)
  return createHashPool({
    size: workers,
    nice: settings.hashWorkerNice ?? defaultHashWorkerNice(workers, cores),
  })
}
