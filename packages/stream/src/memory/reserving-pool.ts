import type { BlockPool } from './block-pool.js'
import type { MemoryGauge } from './memory-gauge.js'

/**
 * One upload's view of a block pool shared by several uploads. A part that fits the pool takes its
 * whole size in blocks at once ({@link BlockPool.reserve}) when it starts: a part being gathered
 * never waits for memory half-built, so uploads sharing a pool cannot all hold a partial part while
 * the pool is empty (each waiting for a block another one holds). A spooled part (larger than the
 * pool) passes its few blocks through one at a time, as before. Parts wait their turn in the shared
 * pool's FIFO queue.
 */
export interface ReservingPool extends BlockPool {
  /** A new part of `plannedSize` bytes starts: a memory part reserves its blocks at its first need. */
  beginPart(plannedSize: number): void
  /** The part was gathered: the blocks reserved and not used go back to the shared pool. */
  endPart(): void
}

/** A view of `shared` for one upload; `gauge` counts the blocks this upload holds or reserved. */
export function createReservingPool(shared: BlockPool, gauge: MemoryGauge): ReservingPool {
  const { blockSize, capacity } = shared
  const part = createPartReservation(shared, gauge)
  let destroyed: { reason: unknown } | undefined
  /** Read after an await: the pool may have been destroyed meanwhile. */
  const destroyedBy = (): { reason: unknown } | undefined => destroyed
  return {
    blockSize,
    capacity,
    get heldBytes() {
      return gauge.bytes
    },
    get peakHeldBytes() {
      return gauge.peak
    },
    get allocatedBytes() {
      return shared.allocatedBytes
    },
    async acquire(signal) {
      if (destroyed) throw destroyed.reason
      const block = part.next() ?? (await part.reserve(signal))
      const gone = destroyedBy()
      if (gone) {
        part.release(block)
        part.end()
        throw gone.reason
      }
      return block
    },
    tryAcquire: () => (destroyed ? undefined : part.next()),
    reserve: async (count, signal) => (await shared.reserve(count, signal)).map(part.held),
    release: (block) => part.release(block),
    beginPart: (plannedSize) => part.begin(plannedSize),
    endPart: () => part.end(),
    destroy(reason) {
      destroyed ??= { reason }
      part.end()
    },
  }
}

/** The blocks of one upload's current part: reserved at once, handed one by one. */
interface PartReservation {
  /** Starts a part of `plannedSize` bytes (ending the one before). */
  begin(plannedSize: number): void
  /** A reserved block, or one from the pool for a spooled part; `undefined` until reserved. */
  next(): Uint8Array | undefined
  /** Reserves the part's blocks (or, for a spooled part, waits for one) and hands the first. */
  reserve(signal: AbortSignal | undefined): Promise<Uint8Array>
  /** Counts a block taken from the pool as the upload's. */
  held(block: Uint8Array): Uint8Array
  /** Gives a block back to the pool. */
  release(block: Uint8Array): void
  /** Gives back the blocks reserved and not handed out. */
  end(): void
}

/** Creates the part reservation of one upload over `shared`, counted by `gauge`. */
function createPartReservation(shared: BlockPool, gauge: MemoryGauge): PartReservation {
  const { blockSize } = shared
  const budget = blockSize * shared.capacity
  /** Blocks the current part is still to reserve (0 once reserved, or for a spooled part). */
  let toReserve = 0
  /** Blocks reserved for the current part and not handed to it yet. */
  const reserved: Uint8Array[] = []
  const held = (block: Uint8Array): Uint8Array => {
    gauge.hold(blockSize)
    return block
  }
  const release = (block: Uint8Array): void => {
    gauge.release(blockSize)
    shared.release(block)
  }
  const end = (): void => {
    toReserve = 0
    for (const block of reserved.splice(0)) release(block)
  }
  return {
    begin(plannedSize) {
      end()
      toReserve = plannedSize <= budget ? Math.ceil(plannedSize / blockSize) : 0
    },
    next() {
      const block = reserved.pop()
      if (block !== undefined || toReserve > 0) return block
      const taken = shared.tryAcquire()
      return taken === undefined ? undefined : held(taken)
    },
    async reserve(signal) {
      if (toReserve === 0) return held(await shared.acquire(signal))
      const blocks = await shared.reserve(toReserve, signal)
      toReserve = 0
      for (const block of blocks) reserved.push(held(block))
      return reserved.pop()!
    },
    held,
    release,
    end,
  }
}
