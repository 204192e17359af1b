import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chooseBlockSize, createBlockPool } from './block-pool.js'

describe('createBlockPool', () => {
  it('reuses released blocks instead of allocating', async () => {
    const pool = createBlockPool({ blockSize: 16, capacity: 4 })
    const a = await pool.acquire()
    pool.release(a)
    const b = await pool.acquire()
    expect(b).toBe(a)
    expect(pool.allocatedBytes).toBe(16)
    expect(b.buffer).toBeInstanceOf(SharedArrayBuffer)
  })

  it('carves every block out of one SharedArrayBuffer, the size of the budget', async () => {
    const pool = createBlockPool({ blockSize: 16, capacity: 4 })
    const blocks = [
      await pool.acquire(),
      pool.tryAcquire()!,
      pool.tryAcquire()!,
      pool.tryAcquire()!,
    ]
    const [slab] = new Set(blocks.map((b) => b.buffer))
    expect(new Set(blocks.map((b) => b.buffer)).size).toBe(1)
    expect(slab).toBeInstanceOf(SharedArrayBuffer)
    expect(slab?.byteLength).toBe(64)
    expect(blocks.map((b) => b.byteOffset).sort((a, b) => a - b)).toEqual([0, 16, 32, 48])
    expect(blocks.every((b) => b.byteLength === 16)).toBe(true)
    expect(pool.tryAcquire()).toBeUndefined()
    expect(pool.heldBytes).toBe(64)
    pool.release(blocks[2]!)
    expect(pool.tryAcquire()).toBe(blocks[2])
  })

  it('splits a budget over slabs of at most maxSlabBytes, and refuses foreign blocks', async () => {
    const pool = createBlockPool({ blockSize: 8, capacity: 5, maxSlabBytes: 16 })
    const blocks = [1, 2, 3, 4, 5].map(() => pool.tryAcquire()!)
    const slabs = [...new Set(blocks.map((b) => b.buffer))]
    expect(slabs.map((slab) => slab.byteLength)).toEqual([16, 16, 8])
    for (const block of blocks) pool.release(block)
    const other = createBlockPool({ blockSize: 8, capacity: 1 })
    expect(() => pool.release(other.tryAcquire()!)).toThrow(RangeError)
    expect(() => pool.release(new Uint8Array(new SharedArrayBuffer(8)))).toThrow(RangeError)
  })

  it('lets tryAcquire not jump ahead of a waiting acquire', async () => {
    const pool = createBlockPool({ blockSize: 8, capacity: 1 })
    const first = pool.tryAcquire()!
    const waiting = pool.acquire()
    pool.release(first)
    expect(pool.tryAcquire()).toBeUndefined()
    expect(await waiting).toBe(first)
    pool.destroy(new Error('done'))
    pool.release(first)
    expect(pool.tryAcquire()).toBeUndefined()
  })

  it('makes acquire wait until a block is released', async () => {
    const pool = createBlockPool({ blockSize: 8, capacity: 1 })
    const first = await pool.acquire()
    let got: Uint8Array | undefined
    const waiting = pool.acquire().then((b) => {
      got = b
    })
    await Promise.resolve()
    expect(got).toBeUndefined()
    pool.release(first)
    await waiting
    expect(got).toBe(first)
    expect(pool.peakHeldBytes).toBe(8)
  })

  it('rejects a waiting acquire with the abort reason', async () => {
    const pool = createBlockPool({ blockSize: 8, capacity: 1 })
    await pool.acquire()
    const controller = new AbortController()
    const waiting = pool.acquire(controller.signal)
    const reason = new Error('stop')
    controller.abort(reason)
    await expect(waiting).rejects.toBe(reason)
  })

  it('rejects waiters on destroy', async () => {
    const pool = createBlockPool({ blockSize: 8, capacity: 1 })
    await pool.acquire()
    const waiting = pool.acquire()
    const reason = new Error('gone')
    pool.destroy(reason)
    await expect(waiting).rejects.toBe(reason)
    await expect(pool.acquire()).rejects.toBe(reason)
  })

  it('never holds more than its capacity under any interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }),
        async (capacity, ops) => {
          const pool = createBlockPool({ blockSize: 4, capacity })
          const out: Uint8Array[] = []
          const pending: Promise<void>[] = []
          for (const isAcquire of ops) {
            if (isAcquire) {
              pending.push(pool.acquire().then((b) => void out.push(b)))
            } else if (out.length > 0) {
              pool.release(out.shift()!)
            }
            await Promise.resolve()
            expect(pool.heldBytes).toBeLessThanOrEqual(capacity * 4)
            expect(new Set(out).size).toBe(out.length)
          }
          expect(pool.peakHeldBytes).toBeLessThanOrEqual(capacity * 4)
          expect(pool.allocatedBytes).toBeLessThanOrEqual(capacity * 4)
          pool.destroy(new Error('done'))
          await Promise.allSettled(pending)
        },
      ),
      { seed: 11, numRuns: 100 },
    )
  })
})

describe('chooseBlockSize', () => {
  it('divides powers of two exactly and never exceeds the cap', () => {
    expect(chooseBlockSize(8 * 1024 * 1024)).toBe(1024 * 1024)
    expect(chooseBlockSize(1000)).toBe(1000)
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e10 }),
        fc.integer({ min: 1, max: 1e6 }),
        (size, cap) => {
          const block = chooseBlockSize(size, cap)
          expect(block).toBeLessThanOrEqual(cap)
          expect(block * Math.ceil(size / block)).toBeGreaterThanOrEqual(size)
          expect(Math.ceil(size / block)).toBeLessThanOrEqual(2 * Math.ceil(size / cap))
        },
      ),
      { seed: 4, numRuns: 200 },
    )
  })
})

describe('createBlockPool hygiene', () => {
  it('refuses block sizes and capacities that would make a copy loop spin', () => {
    for (const bad of [0, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createBlockPool({ blockSize: bad, capacity: 2 })).toThrow(
        expect.objectContaining({ code: 'JSS_ERR_INVARIANT' }),
      )
      expect(() => createBlockPool({ blockSize: 8, capacity: bad })).toThrow(
        expect.objectContaining({ code: 'JSS_ERR_INVARIANT' }),
      )
    }
  })

  it('keeps the abort listeners bounded over 100,000 waits on one signal', async () => {
    const { getEventListeners } = await import('node:events')
    const controller = new AbortController()
    const pool = createBlockPool({ blockSize: 8, capacity: 1 })
    let peak = 0
    for (let i = 0; i < 100_000; i++) {
      const held = await pool.acquire(controller.signal)
      const waiting = pool.acquire(controller.signal)
      peak = Math.max(peak, getEventListeners(controller.signal, 'abort').length)
      pool.release(held)
      pool.release(await waiting)
    }
    expect(peak).toBe(1)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })
})
