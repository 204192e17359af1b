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
  const budget = blockSize * capacity
  /** Blocks the current part is still to reserve (0 once reserved, or for a spooled part). */
  let toReserve = 0
  /** Blocks reserved for the current part and not handed to it yet. */
  const reserved: Uint8Array[] = []
  let destroyed: { reason: unknown } | undefined
  /** Counts a block coming from the shared pool as this upload's. */
  const held = (block: Uint8Array): Uint8Array => {
    gauge.hold(blockSize)
    return block
  }
  /** Gives a block back to the shared pool. */
  const giveBack = (block: Uint8Array): void => {
    gauge.release(blockSize)
    shared.release(block)
  }
  /** Read after an await: the pool may have been destroyed meanwhile. */
  const destroyedBy = (): { reason: unknown } | undefined => destroyed
  const endPart = (): void => {
    toReserve = 0
    for (const block of reserved.splice(0)) giveBack(block)
  }
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
      const block = reserved.pop()
      if (block !== undefined) return block
      if (toReserve === 0) return held(await shared.acquire(signal))
      const blocks = await shared.reserve(toReserve, signal)
      toReserve = 0
      for (const b of blocks) reserved.push(held(b))
      const gone = destroyedBy()
      if (gone) {
        endPart()
        throw gone.reason
      }
      return reserved.pop()!
    },
    tryAcquire() {
      if (destroyed) return undefined
      const block = reserved.pop()
      if (block !== undefined || toReserve > 0) return block
      const taken = shared.tryAcquire()
      return taken === undefined ? undefined : held(taken)
    },
    reserve: async (count, signal) => {
      const blocks = await shared.reserve(count, signal)
      return blocks.map(held)
    },
    release: giveBack,
    beginPart(plannedSize) {
      endPart()
      toReserve = plannedSize <= budget ? Math.ceil(plannedSize / blockSize) : 0
    },
    endPart,
    destroy(reason) {
      destroyed ??= { reason }
      endPart()
    },
  }
}
