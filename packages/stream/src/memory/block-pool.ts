import { InvariantError } from '../errors.js'
import type { MemoryGauge } from './memory-gauge.js'

/** Options of {@link createBlockPool}. */
export interface BlockPoolOptions {
  /** Bytes per block. */
  readonly blockSize: number
  /** The most blocks out at once: the memory budget is `blockSize × capacity`. */
  readonly capacity: number
  /** Told of every block handed out and given back. */
  readonly gauge?: MemoryGauge | undefined
  /** The most bytes of one shared slab. @default {@link MAX_SLAB_BYTES} */
  readonly maxSlabBytes?: number | undefined
}

/** The most bytes of one shared slab: larger budgets are split over several slabs. */
export const MAX_SLAB_BYTES: number = 256 * 1024 * 1024

/**
 * A bounded pool of equal, reusable blocks carved out of one `SharedArrayBuffer` (the whole budget,
 * `blockSize × capacity`; budgets over {@link MAX_SLAB_BYTES} use a few such slabs), so that a
 * hashing worker is given the slab once and reads any block in place from its offset and length,
 * with nothing but integers per request. A slab is allocated at the first `acquire` (its pages are
 * only committed as they are written); blocks are carved from it on first need and reused after
 * release; `acquire` waits while every block is out, which is what slows the reader down when
 * uploads are slow.
 */
export interface BlockPool {
  readonly blockSize: number
  readonly capacity: number
  /** Bytes in blocks handed out and not yet released. */
  readonly heldBytes: number
  /** The highest `heldBytes` seen. */
  readonly peakHeldBytes: number
  /** Bytes of blocks carved so far (blocks out and blocks waiting for reuse). */
  readonly allocatedBytes: number
  /** A block, now or once one is released; rejects with `signal.reason` on abort. */
  acquire(signal?: AbortSignal): Promise<Uint8Array>
  /**
   * A block now, or `undefined` when none is free (or others are waiting, or the pool is
   * destroyed): the synchronous fast path of {@link BlockPool.acquire}.
   */
  tryAcquire(): Uint8Array | undefined
  /** Gives a block back for reuse. */
  release(block: Uint8Array): void
  /** Rejects every waiting `acquire` with `reason` and drops the free blocks. */
  destroy(reason: unknown): void
}

interface Waiter {
  resolve(block: Uint8Array): void
  reject(reason: unknown): void
}

/** A pool of at most `capacity` blocks of `blockSize` bytes. */
export function createBlockPool({
  blockSize,
  capacity,
  gauge,
  maxSlabBytes = MAX_SLAB_BYTES,
}: BlockPoolOptions): BlockPool {
  // a block of 0 bytes (or NaN) would make every copy loop spin without progress
  if (!(Number.isSafeInteger(blockSize) && blockSize > 0)) {
    throw new InvariantError(`blockSize must be a positive integer, got ${blockSize}`)
  }
  if (!(Number.isSafeInteger(capacity) && capacity > 0)) {
    throw new InvariantError(`capacity must be a positive integer, got ${capacity}`)
  }
  const free: Uint8Array[] = []
  const waiters: Waiter[] = []
  const slabBlocks = Math.max(1, Math.min(capacity, Math.floor(maxSlabBytes / blockSize)))
  const slabs = new Set<ArrayBufferLike>()
  let slab: SharedArrayBuffer | undefined
  let allocated = 0
  let held = 0
  let peak = 0
  let destroyed: { reason: unknown } | undefined

  const take = (): Uint8Array | undefined => {
    let block = free.pop()
    if (block === undefined && allocated < capacity) {
      const index = allocated % slabBlocks
      if (index === 0) {
        slab = new SharedArrayBuffer(Math.min(slabBlocks, capacity - allocated) * blockSize)
        slabs.add(slab)
      }
      block = new Uint8Array(slab as SharedArrayBuffer, index * blockSize, blockSize)
      allocated++
    }
    if (block !== undefined) {
      held++
      peak = Math.max(peak, held)
      gauge?.hold(blockSize)
    }
    return block
  }

  return {
    blockSize,
    capacity,
    get heldBytes() {
      return held * blockSize
    },
    get peakHeldBytes() {
      return peak * blockSize
    },
    get allocatedBytes() {
      return allocated * blockSize
    },
    acquire(signal) {
      if (destroyed) return Promise.reject(destroyed.reason)
      if (signal?.aborted) return Promise.reject(signal.reason)
      const block = waiters.length === 0 ? take() : undefined
      if (block !== undefined) return Promise.resolve(block)
      return new Promise<Uint8Array>((resolve, reject) => {
        const onAbort = (): void => {
          const index = waiters.indexOf(waiter)
          if (index >= 0) waiters.splice(index, 1)
          reject(signal?.reason)
        }
        const waiter: Waiter = {
          resolve: (b) => {
            signal?.removeEventListener('abort', onAbort)
            resolve(b)
          },
          reject: (reason) => {
            signal?.removeEventListener('abort', onAbort)
            reject(reason)
          },
        }
        waiters.push(waiter)
        signal?.addEventListener('abort', onAbort, { once: true })
      })
    },
    tryAcquire() {
      return destroyed || waiters.length > 0 ? undefined : take()
    },
    release(block) {
      if (block.byteLength !== blockSize || !slabs.has(block.buffer)) {
        throw new RangeError('not a block of this pool')
      }
      held--
      gauge?.release(blockSize)
      if (destroyed) return
      const waiter = waiters.shift()
      if (waiter) {
        held++
        peak = Math.max(peak, held)
        gauge?.hold(blockSize)
        waiter.resolve(block)
      } else {
        free.push(block)
      }
    },
    destroy(reason) {
      if (destroyed) return
      destroyed = { reason }
      free.length = 0
      for (const waiter of waiters.splice(0)) waiter.reject(reason)
    },
  }
}

/**
 * A block size for parts of `partSize` bytes: at most `maxBlockSize`, dividing `partSize` exactly
 * when a divisor close to the cap exists, so that parts (and their doublings) waste no block space.
 */
export function chooseBlockSize(partSize: number, maxBlockSize: number = 1024 * 1024): number {
  if (partSize <= maxBlockSize) return partSize
  const fewest = Math.ceil(partSize / maxBlockSize)
  for (let blocks = fewest; blocks < Math.min(fewest * 2, fewest + 4096); blocks++) {
    if (partSize % blocks === 0) return partSize / blocks
  }
  return Math.ceil(partSize / fewest)
}
