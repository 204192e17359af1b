import { describe, expect, it } from 'vitest'
import { createBlockPool } from './block-pool.js'
import { createMemoryGauge } from './memory-gauge.js'
import { createReservingPool } from './reserving-pool.js'

const BLOCK = 16

describe('BlockPool.reserve', () => {
  it('hands whole reservations in FIFO order with single acquires', async () => {
    const pool = createBlockPool({ blockSize: BLOCK, capacity: 4 })
    const held = await pool.reserve(3)
    expect(held).toHaveLength(3)
    const order: string[] = []
    const big = pool.reserve(2).then((b) => {
      order.push('big')
      return b
    })
    const one = pool.acquire().then((b) => {
      order.push('one')
      return b
    })
    // one block is free, but the reservation of 2 came first: the single acquire waits behind it
    expect(pool.tryAcquire()).toBeUndefined()
    await Promise.resolve()
    expect(order).toEqual([])
    pool.release(held[0]!)
    expect((await big).length).toBe(2)
    pool.release(held[1]!)
    await one
    expect(order).toEqual(['big', 'one'])
    expect(pool.peakHeldBytes).toBeLessThanOrEqual(4 * BLOCK)
  })

  it('an aborted reservation leaves the queue and lets the next one through', async () => {
    const pool = createBlockPool({ blockSize: BLOCK, capacity: 2 })
    const held = await pool.acquire()
    const controller = new AbortController()
    const big = pool.reserve(2, controller.signal)
    const small = pool.acquire()
    controller.abort(new Error('stop'))
    await expect(big).rejects.toThrow('stop')
    await expect(small).resolves.toHaveLength(BLOCK)
    pool.release(held)
  })
})

describe('createReservingPool', () => {
  it('a memory part takes its blocks at once: two parts never hold half a pool each', async () => {
    const shared = createBlockPool({ blockSize: BLOCK, capacity: 4 })
    const a = createReservingPool(shared, createMemoryGauge())
    const b = createReservingPool(shared, createMemoryGauge())
    a.beginPart(3 * BLOCK)
    b.beginPart(3 * BLOCK)
    // nothing reserved yet: the first block comes with the whole part's reservation
    expect(a.tryAcquire()).toBeUndefined()
    const a1 = await a.acquire()
    expect(shared.heldBytes).toBe(3 * BLOCK)
    let bGot = false
    const b1 = b.acquire().then((block) => {
      bGot = true
      return block
    })
    await new Promise((r) => setTimeout(r, 5))
    expect(bGot).toBe(false) // 1 block is free, but b's part needs 3
    const a2 = a.tryAcquire()!
    expect(a2).toBeDefined()
    a.endPart() // a's third block was not needed: back to the pool
    a.release(a1)
    a.release(a2)
    await b1
    expect(shared.heldBytes).toBe(3 * BLOCK)
    b.destroy(new Error('done'))
    b.release(await b1)
    expect(shared.heldBytes).toBe(0)
    expect(shared.peakHeldBytes).toBeLessThanOrEqual(4 * BLOCK)
  })

  it('a part larger than the pool (spooled) takes its blocks one at a time', async () => {
    const shared = createBlockPool({ blockSize: BLOCK, capacity: 2 })
    const gauge = createMemoryGauge()
    const view = createReservingPool(shared, gauge)
    view.beginPart(10 * BLOCK)
    const block = view.tryAcquire()!
    expect(block).toBeDefined()
    expect(shared.heldBytes).toBe(BLOCK)
    expect(gauge.bytes).toBe(BLOCK)
    view.release(block)
    expect(gauge.bytes).toBe(0)
    expect(shared.heldBytes).toBe(0)
  })
})
