import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_HASH_WORKER_NICE,
  defaultHashWorkerNice,
  defaultHashWorkers,
} from './default-hash-workers.js'

describe('defaultHashWorkers', () => {
  it('leaves one core to the uploader', () => {
    expect(defaultHashWorkers(4, 2)).toBe(1)
    expect(defaultHashWorkers(4, 4)).toBe(3)
    expect(defaultHashWorkers(8, 16)).toBe(8)
  })

  it('is at least one and at most the parts in flight', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 256 }), (c, cores) => {
        const n = defaultHashWorkers(c, cores)
        expect(n).toBeGreaterThanOrEqual(1)
        expect(n).toBeLessThanOrEqual(c)
        expect(n).toBeLessThanOrEqual(Math.max(1, cores - 1))
      }),
    )
  })

  it("lowers the workers' priority only when they could take every core", () => {
    expect(defaultHashWorkerNice(1, 2)).toBe(0)
    expect(defaultHashWorkerNice(2, 2)).toBe(DEFAULT_HASH_WORKER_NICE)
    expect(defaultHashWorkerNice(4, 2)).toBe(DEFAULT_HASH_WORKER_NICE)
    expect(defaultHashWorkerNice(3, 4)).toBe(0)
  })
})
