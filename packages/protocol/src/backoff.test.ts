import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { backoffDelay, parseRetryAfter, sleep } from './backoff.js'

describe('backoffDelay', () => {
  it('stays within [retry-after floor, exponential ceiling]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: undefined }),
        (attempt, baseDelay, maxDelay, r, retryAfter) => {
          const d = backoffDelay(attempt, { baseDelay, maxDelay }, retryAfter, () => r)
          const ceiling = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1))
          const floor = retryAfter === undefined ? 0 : Math.min(retryAfter, maxDelay)
          expect(d).toBeGreaterThanOrEqual(floor)
          expect(d).toBeLessThanOrEqual(Math.max(ceiling, floor))
        },
      ),
    )
  })
  it('grows with the attempt number at the top of the jitter', () => {
    const s = { baseDelay: 100, maxDelay: 1000 }
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, s, undefined, () => 0.999_999))).toEqual([
      99, 199, 399, 799, 999,
    ])
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000)
    const now = Date.parse('Thu, 13 Jul 2017 02:37:31 GMT')
    expect(parseRetryAfter('Thu, 13 Jul 2017 02:37:41 GMT', now)).toBe(10_000)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
  })
})

describe('sleep', () => {
  it('rejects with the abort reason untouched', async () => {
    const controller = new AbortController()
    const reason = new Error('stop')
    const pending = sleep(10_000, controller.signal)
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
  })
})
