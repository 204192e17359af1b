import { InvariantError } from '../errors.js'
import type { MemoryGauge } from './memory-gauge.js'
import { allocateSlab } from './slab-memory.js'

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
 * with nothing but integers per request. A slab is the buffer of a shared `WebAssembly.Memory`
 * where there is one (`allocateSlab`), which the MD5 lanes then hash in place. A slab is allocated at the first `acquire` (its pages are
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
  /**
   * `count` blocks (at most `capacity`) at once, now or once that many are free: a whole part's
   * worth, so that a part never holds some blocks while waiting for more. Waits in one FIFO queue
   * with `acquire`; rejects with `signal.reason` on abort.
   */
  reserve(count: number, signal?: AbortSignal): Promise<Uint8Array[]>
  /** Gives a block back for reuse. */
  release(block: Uint8Array): void
  /** Rejects every waiting `acquire` with `reason` and drops the free blocks. */
  destroy(reason: unknown): void
}

interface Waiter {
  /** Blocks wanted, all at once. */
  readonly count: number
  resolve(blocks: Uint8Array[]): void
  reject(reason: unknown): void
}

/** A pool of at most `capacity` blocks of `blockSize` bytes. */
export function createBlockPool({
  blockSize,
  capacity,
  gauge,
  maxSlabBytes = MAX_SLAB_BYTES,
}: BlockPoolOptions): BlockPool {
  checkPositiveInteger('blockSize', blockSize)
  checkPositiveInteger('capacity', capacity)
  const waiters: Waiter[] = []
  const slabs = createSlabCarver(blockSize, capacity, maxSlabBytes)
  const count = createHeldCount(blockSize, gauge)
  const stock = createBlockStock(slabs, count)
  let destroyed: { reason: unknown } | undefined
  const drain = (): void => serveInOrder(waiters, stock)
  /** `n` blocks: now when nobody waits before, else in turn; refused once destroyed or aborted. */
  const request = (n: number, signal: AbortSignal | undefined): Promise<Uint8Array[]> => {
    if (destroyed) return Promise.reject(destroyed.reason)
    if (signal?.aborted) return Promise.reject(signal.reason)
    if (waiters.length === 0 && stock.available() >= n) return Promise.resolve(stock.take(n))
    return waitForBlocks(waiters, n, signal, drain)
  }

  return {
    blockSize,
    capacity,
    get heldBytes() {
      return count.held * blockSize
    },
    get peakHeldBytes() {
      return count.peak * blockSize
    },
    get allocatedBytes() {
      return slabs.carved * blockSize
    },
    acquire: (signal) => request(1, signal).then((blocks) => blocks[0]!),
    reserve(wanted, signal) {
      checkPositiveInteger('count', wanted)
      return request(Math.min(wanted, capacity), signal)
    },
    tryAcquire() {
      return destroyed || waiters.length > 0 || stock.available() === 0
        ? undefined
        : stock.take(1)[0]
    },
    release(block) {
      slabs.checkOwned(block)
      count.drop()
      if (destroyed) return
      stock.put(block)
      drain()
    },
    destroy(reason) {
      if (destroyed) return
      destroyed = { reason }
      stock.clear()
      for (const waiter of waiters.splice(0)) waiter.reject(reason)
    },
  }
}

/** Hands blocks to the waiters in order while the first one's count is at hand. */
function serveInOrder(waiters: Waiter[], stock: BlockStock): void {
  while (waiters.length > 0 && stock.available() >= waiters[0]!.count) {
    const waiter = waiters.shift()!
    waiter.resolve(stock.take(waiter.count))
  }
}

/** The blocks of a pool not handed out: free ones for reuse, and those still to carve. */
interface BlockStock {
  /** Blocks free now or still to carve. */
  available(): number
  /** `n` blocks (at most `available()`), counted as held. */
  take(n: number): Uint8Array[]
  /** Keeps a released block for reuse. */
  put(block: Uint8Array): void
  /** Drops the free blocks. */
  clear(): void
}

/** Creates the stock of a pool: reuses released blocks first, then carves new ones. */
function createBlockStock(slabs: SlabCarver, count: HeldCount): BlockStock {
  const free: Uint8Array[] = []
  return {
    available: () => free.length + slabs.capacity - slabs.carved,
    take(n) {
      const blocks: Uint8Array[] = []
      for (let i = 0; i < n; i++) {
        blocks.push((free.pop() ?? slabs.carve())!)
        count.hold()
      }
      return blocks
    },
    put(block) {
      free.push(block)
    },
    clear: () => {
      free.length = 0
    },
  }
}

/** How many blocks of a pool are out, and the most that were: told to the gauge too. */
interface HeldCount {
  readonly held: number
  readonly peak: number
  /** Counts a block as handed out. */
  hold(): void
  /** Counts a block as given back. */
  drop(): void
}

/** Creates the held-block count of a pool of `blockSize` blocks. */
function createHeldCount(blockSize: number, gauge: MemoryGauge | undefined): HeldCount {
  let held = 0
  let peak = 0
  return {
    get held() {
      return held
    },
    get peak() {
      return peak
    },
    hold() {
      held++
      peak = Math.max(peak, held)
      gauge?.hold(blockSize)
    },
    drop() {
      held--
      gauge?.release(blockSize)
    },
  }
}

/**
 * Throws an `InvariantError` unless `value` is a positive safe integer: a block of 0 bytes (or NaN)
 * would make every copy loop spin without progress.
 */
function checkPositiveInteger(name: string, value: number): void {
  if (!(Number.isSafeInteger(value) && value > 0)) {
    throw new InvariantError(`${name} must be a positive integer, got ${value}`)
  }
}

/** Carves up to `capacity` blocks out of shared slabs of at most `maxSlabBytes`, on demand. */
interface SlabCarver {
  /** The most blocks it carves. */
  readonly capacity: number
  /** Blocks carved so far. */
  readonly carved: number
  /** A new block, or `undefined` once `capacity` blocks were carved. */
  carve(): Uint8Array | undefined
  /** Throws a `RangeError` unless `block` is one of the blocks carved here. */
  checkOwned(block: Uint8Array): void
}

/** Creates the slab carver of a pool (no slab until the first block). */
function createSlabCarver(blockSize: number, capacity: number, maxSlabBytes: number): SlabCarver {
  const slabBlocks = Math.max(1, Math.min(capacity, Math.floor(maxSlabBytes / blockSize)))
  const slabs = new Set<ArrayBufferLike>()
  let slab: SharedArrayBuffer | undefined
  let carved = 0
  return {
    capacity,
    get carved() {
      return carved
    },
    carve() {
      if (carved >= capacity) return undefined
      const index = carved % slabBlocks
      if (index === 0) {
        slab = allocateSlab(Math.min(slabBlocks, capacity - carved) * blockSize)
        slabs.add(slab)
      }
      carved++
      return new Uint8Array(slab as SharedArrayBuffer, index * blockSize, blockSize)
    },
    checkOwned(block) {
      if (block.byteLength !== blockSize || !slabs.has(block.buffer)) {
        throw new RangeError('not a block of this pool')
      }
    },
  }
}

/**
 * Queues a waiter for `count` blocks; it leaves the queue if `signal` aborts (then `drain` serves
 * the waiters it held up).
 */
function waitForBlocks(
  waiters: Waiter[],
  count: number,
  signal: AbortSignal | undefined,
  drain: () => void,
): Promise<Uint8Array[]> {
  return new Promise<Uint8Array[]>((resolve, reject) => {
    const onAbort = (): void => {
      const index = waiters.indexOf(waiter)
      if (index >= 0) waiters.splice(index, 1)
      reject(signal?.reason)
      drain()
    }
    const waiter: Waiter = {
      count,
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
