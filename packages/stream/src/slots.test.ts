import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSlots } from './slots.js'

describe('createSlots', () => {
  it('never grants more than the total', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 30 }),
        async (total, counts) => {
          const slots = createSlots(total)
          let peak = 0
          await Promise.all(
            counts.map(async (count) => {
              await slots.acquire(count)
              peak = Math.max(peak, slots.used)
              await Promise.resolve()
              slots.release(count)
            }),
          )
          expect(peak).toBeLessThanOrEqual(total)
          expect(slots.used).toBe(0)
        },
      ),
      { seed: 2, numRuns: 100 },
    )
  })

  it('rejects a waiting acquire with the abort reason and lets others through', async () => {
    const slots = createSlots(1)
    await slots.acquire(1)
    const controller = new AbortController()
    const aborted = slots.acquire(1, controller.signal)
    const next = slots.acquire(1)
    const reason = new Error('stop')
    controller.abort(reason)
    await expect(aborted).rejects.toBe(reason)
    slots.release(1)
    await next
    expect(slots.used).toBe(1)
  })
})
