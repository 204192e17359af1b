import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidOptionError, TooLargeError } from '../errors.js'
import type { PartSchedule } from './parse-part-schedule.js'
import { DEFAULT_LIMITS, resolveLimits } from './part-limits.js'
import {
  CAPACITY_SHARE,
  gentleSchedule,
  partSizeAt,
  planPartSchedule,
  scheduleCapacity,
} from './part-schedule.js'

const MiB = 1024 * 1024
const GiB = 1024 * MiB
const TiB = 1024 * GiB

describe('planPartSchedule without a size hint', () => {
  it('keeps 8 MiB parts for a whole 1 GiB stream', () => {
    const schedule = planPartSchedule({ partSize: 8 * MiB, limits: DEFAULT_LIMITS })
    for (let n = 1; n <= GiB / (8 * MiB); n++) expect(partSizeAt(schedule, n)).toBe(8 * MiB)
  })

  it('fits at least 40 TiB in 10,000 parts and keeps 1 GiB at any initial size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5 * MiB, max: 5 * GiB }), (partSize) => {
        const schedule = planPartSchedule({ partSize, limits: DEFAULT_LIMITS })
        expect(scheduleCapacity(schedule)).toBeGreaterThanOrEqual(40 * TiB)
        // every part of the first GiB (and more) has the initial size
        expect(schedule.firstTierParts * partSize).toBeGreaterThanOrEqual(GiB)
        expect(partSizeAt(schedule, schedule.firstTierParts)).toBe(partSize)
      }),
      { seed: 17, numRuns: 200 },
    )
    for (const partSize of [5 * MiB, 8 * MiB, 5 * GiB]) {
      const schedule = planPartSchedule({ partSize, limits: DEFAULT_LIMITS })
      expect(scheduleCapacity(schedule)).toBeGreaterThanOrEqual(40 * TiB)
    }
  })

  it('keeps 8 MiB parts for 13.5 GiB, then doubles every 10 parts up to 5 GiB', () => {
    const schedule = planPartSchedule({ partSize: 8 * MiB, limits: DEFAULT_LIMITS })
    expect(schedule).toMatchObject({ firstTierParts: 1728, tierParts: 10 })
    expect(
      [1728, 1729, 1738, 1739, 1818, 1819, 10_000].map((n) => partSizeAt(schedule, n)),
    ).toEqual([8 * MiB, 16 * MiB, 16 * MiB, 32 * MiB, 4 * GiB, 5 * GiB, 5 * GiB])
  })

  it('keeps the initial size at least as long as the gentle schedule, with the capacity it promises', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 1, max: 20_000 }),
        (minPartSize, factor, growth, maxParts) => {
          const limits = resolveLimits({
            minPartSize,
            maxPartSize: minPartSize * Math.max(factor, growth),
            maxParts,
          })
          const partSize = minPartSize * factor
          const schedule = planPartSchedule({ partSize, limits })
          const gentle = gentleSchedule(partSize, limits)
          const required = Math.floor(maxParts * limits.maxPartSize * CAPACITY_SHARE)
          expect(schedule.firstTierParts).toBeGreaterThanOrEqual(gentle.firstTierParts)
          expect(scheduleCapacity(schedule)).toBeGreaterThanOrEqual(
            Math.min(required, scheduleCapacity(gentle)),
          )
        },
      ),
      { seed: 23, numRuns: 300 },
    )
  })

  it('never shrinks, never exceeds the maximum and never goes under the minimum', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 20_000 }),
        (minPartSize, factor, maxParts) => {
          const limits = resolveLimits({ minPartSize, maxPartSize: minPartSize * 1024, maxParts })
          const schedule = planPartSchedule({ partSize: minPartSize * factor, limits })
          let previous = 0
          for (let n = 1; n <= maxParts; n += Math.max(1, Math.floor(maxParts / 500))) {
            const size = partSizeAt(schedule, n)
            expect(size).toBeGreaterThanOrEqual(previous)
            expect(size).toBeLessThanOrEqual(limits.maxPartSize)
            expect(size).toBeGreaterThanOrEqual(limits.minPartSize)
            previous = size
          }
        },
      ),
      { seed: 42, numRuns: 100 },
    )
  })

  it('sums the part sizes into the capacity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 40 }),
        (maxParts, f) => {
          const limits = resolveLimits({ minPartSize: 7, maxPartSize: 7 * 200, maxParts })
          const schedule = planPartSchedule({ partSize: 7 * f, limits })
          let sum = 0
          for (let n = 1; n <= maxParts; n++) sum += partSizeAt(schedule, n)
          expect(scheduleCapacity(schedule)).toBe(sum)
        },
      ),
      { seed: 7, numRuns: 100 },
    )
  })

  it('doubles every part with a 20-part limit, after as many initial parts as fit', () => {
    const limits = resolveLimits({ minPartSize: 10, maxPartSize: 100, maxParts: 20 })
    const schedule = planPartSchedule({ partSize: 10, limits })
    expect([1, 2, 3, 4, 5, 6, 20].map((n) => partSizeAt(schedule, n))).toEqual([
      10, 10, 20, 40, 80, 100, 100,
    ])
  })

  it('refuses a part size outside the limits', () => {
    expect(() => planPartSchedule({ partSize: MiB, limits: DEFAULT_LIMITS })).toThrow(
      InvalidOptionError,
    )
    expect(() => planPartSchedule({ partSize: 6 * GiB, limits: DEFAULT_LIMITS })).toThrow(
      InvalidOptionError,
    )
  })
})

describe('planPartSchedule with a size hint', () => {
  it('uses the smallest part size that fits the hint', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (sizeHint) => {
        const limits = resolveLimits({ minPartSize: 100, maxPartSize: 100_000, maxParts: 100 })
        const schedule = planPartSchedule({ partSize: 100, limits, sizeHint })
        const fitting = Math.max(100, Math.ceil(sizeHint / 100))
        expect(schedule.initialPartSize).toBe(fitting)
        expect(schedule.initialPartSize * schedule.firstTierParts).toBeGreaterThanOrEqual(sizeHint)
        expect(schedule.firstTierParts).toBeLessThanOrEqual(100)
      }),
      { seed: 3, numRuns: 200 },
    )
  })

  it('keeps the configured part size when the hint is small, and as long as without a hint', () => {
    const schedule = planPartSchedule({ partSize: 8 * MiB, limits: DEFAULT_LIMITS, sizeHint: GiB })
    expect(schedule).toEqual(planPartSchedule({ partSize: 8 * MiB, limits: DEFAULT_LIMITS }))
    expect(schedule.initialPartSize).toBe(8 * MiB)
    expect(schedule.firstTierParts).toBeGreaterThanOrEqual(128)
  })

  it('keeps the hinted size for every part the hint needs, even past the unhinted first tier', () => {
    const sizeHint = 20 * TiB
    const schedule = planPartSchedule({ partSize: 8 * MiB, limits: DEFAULT_LIMITS, sizeHint })
    expect(schedule.initialPartSize).toBe(Math.ceil(sizeHint / 10_000))
    expect(schedule.firstTierParts).toBe(10_000)
  })

  it('refuses a hint that cannot fit', () => {
    const limits = resolveLimits({ minPartSize: 1, maxPartSize: 10, maxParts: 10 })
    expect(() => planPartSchedule({ partSize: 1, limits, sizeHint: 101 })).toThrow(TooLargeError)
  })
})

describe('resolveLimits', () => {
  it('fills the contract defaults and validates', () => {
    expect(resolveLimits({ maxParts: 20 })).toEqual({ ...DEFAULT_LIMITS, maxParts: 20 })
    expect(() => resolveLimits({ maxParts: 0 })).toThrow(InvalidOptionError)
    expect(() => resolveLimits({ minPartSize: 10, maxPartSize: 5 })).toThrow(InvalidOptionError)
  })
})

describe('degenerate schedules', () => {
  const good = {
    initialPartSize: 4,
    firstTierParts: 2,
    tierParts: 3,
    maxPartSize: 64,
    maxParts: 20,
  }
  it.each([
    // each of these used to loop without end (tierParts 0: Infinity tiers; size 0 never doubles)
    ['a zero tier with a zero part size', { ...good, initialPartSize: 0, tierParts: 0 }],
    ['a zero tier', { ...good, tierParts: 0 }],
    ['a negative tier', { ...good, tierParts: -1 }],
    ['a fractional tier', { ...good, tierParts: 0.5 }],
    ['an empty schedule', {}],
    ['an infinite part count', { ...good, maxParts: Number.POSITIVE_INFINITY }],
    ['a NaN part size', { ...good, initialPartSize: Number.NaN }],
  ])('refuses %s in partSizeAt and scheduleCapacity', (_name, schedule) => {
    const bad = schedule as PartSchedule
    expect(() => partSizeAt(bad, 5)).toThrow(
      expect.objectContaining({ code: 'JSS_ERR_SCHEDULE_INVALID' }),
    )
    expect(() => scheduleCapacity(bad)).toThrow(
      expect.objectContaining({ code: 'JSS_ERR_SCHEDULE_INVALID' }),
    )
  })

  it('refuses a part number that is not a positive integer', () => {
    for (const n of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => partSizeAt(good, n)).toThrow(InvalidOptionError)
    }
  })

  it('refuses limits that are not positive integers when planning', () => {
    const limits = { ...DEFAULT_LIMITS, maxParts: Number.NaN }
    expect(() => planPartSchedule({ partSize: 8 * MiB, limits })).toThrow(InvalidOptionError)
  })
})
