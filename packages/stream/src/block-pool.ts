import type { MemoryGauge } from './memory-gauge.js'

/** Options of {@link createBlockPool}. */
export interface BlockPoolOptions {
  /** Bytes per block. */
  readonly blockSize: number
  /** The most blocks out at once: the memory budget is `blockSize × capacity`. */
  readonly capacity: number
  /** Told of every block handed out and given back. */
  readonly gauge?: MemoryGauge | undefined
}

/**
 * A bounded pool of equal, reusable blocks backed by `SharedArrayBuffer`, so that hashing workers
 * read them without a copy. Blocks are allocated on first need and reused after release; `acquire`
 * waits while every block is out, which is what slows the reader down when uploads are slow.
 */
export interface BlockPool {
  readonly blockSize: number
  readonly capacity: number
  /** Bytes in blocks handed out and not yet released. */
  readonly heldBytes: number
  /** The highest `heldBytes` seen. */
  readonly peakHeldBytes: number
  /** Bytes allocated so far (blocks out and blocks waiting for reuse). */
  readonly allocatedBytes: number
  /** A block, now or once one is released; rejects with `signal.reason` on abort. */
  acquire(signal?: AbortSignal): Promise<Uint8Array>
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
export function createBlockPool({ blockSize, capacity, gauge }: BlockPoolOptions): BlockPool {
  if (!(Number.isSafeInteger(blockSize) && blockSize > 0 && Number.isSafeInteger(capacity))) {
    throw new RangeError('blockSize and capacity must be positive integers')
  }
  if (capacity < 1) throw new RangeError('capacity must be at least 1')
  const free: Uint8Array[] = []
  const waiters: Waiter[] = []
  let allocated = 0
  let held = 0
  let peak = 0
  let destroyed: { reason: unknown } | undefined

  const take = (): Uint8Array | undefined => {
    let block = free.pop()
    if (block === undefined && allocated < capacity) {
      block = new Uint8Array(new SharedArrayBuffer(blockSize))
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
      const block = take()
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
    release(block) {
      if (block.byteLength !== blockSize || !(block.buffer instanceof SharedArrayBuffer)) {
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
