import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createMemoryGauge } from './memory-gauge.js'

describe('createMemoryGauge', () => {
  it('tracks the bytes held and the most held at once', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 30 }), (sizes) => {
        const gauge = createMemoryGauge()
        let peak = 0
        let held = 0
        for (const [i, n] of sizes.entries()) {
          gauge.hold(n)
          held += n
          peak = Math.max(peak, held)
          if (i % 2 === 1) {
            gauge.release(n)
            held -= n
          }
        }
        expect(gauge.bytes).toBe(held)
        expect(gauge.peak).toBe(peak)
      }),
      { seed: 1, numRuns: 100 },
    )
  })
})
