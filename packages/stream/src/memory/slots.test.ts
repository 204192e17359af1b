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

describe('createSlots with degenerate counts', () => {
  it('refuses counts that would make a wait endless or leak slots', async () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createSlots(bad)).toThrow(expect.objectContaining({ code: 'JSS_ERR_INVARIANT' }))
      const slots = createSlots(2)
      await expect(slots.acquire(bad)).rejects.toMatchObject({ code: 'JSS_ERR_INVARIANT' })
      expect(() => slots.release(bad)).toThrow(
        expect.objectContaining({ code: 'JSS_ERR_INVARIANT' }),
      )
    }
    expect(() => createSlots(2).release(1)).toThrow(/only 0 are taken/)
  })

  it('keeps the abort listeners bounded over 100,000 waits on one signal', async () => {
    const { getEventListeners } = await import('node:events')
    const controller = new AbortController()
    const slots = createSlots(1)
    let peak = 0
    for (let i = 0; i < 100_000; i++) {
      await slots.acquire(1, controller.signal)
      const waiting = slots.acquire(1, controller.signal)
      peak = Math.max(peak, getEventListeners(controller.signal, 'abort').length)
      slots.release(1)
      await waiting
      slots.release(1)
    }
    expect(peak).toBe(1)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })
})
