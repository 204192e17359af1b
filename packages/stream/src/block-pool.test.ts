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
