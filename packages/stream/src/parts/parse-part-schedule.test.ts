import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ScheduleInvalidError } from '../errors.js'
import { type PartSchedule, parsePartSchedule } from './parse-part-schedule.js'
import { DEFAULT_LIMITS } from './part-limits.js'
import { partSizeAt, planPartSchedule, scheduleCapacity } from './part-schedule.js'

const MiB = 1024 * 1024
const valid: PartSchedule = planPartSchedule({ partSize: 8 * MiB, limits: DEFAULT_LIMITS })

/** Throws unless `schedule` keeps every part within the contract's limits. */
function expectWithinLimits(schedule: PartSchedule): void {
  for (const n of [1, schedule.firstTierParts, schedule.firstTierParts + 1, schedule.maxParts]) {
    const size = partSizeAt(schedule, n)
    expect(Number.isSafeInteger(size)).toBe(true)
    expect(size).toBeGreaterThanOrEqual(DEFAULT_LIMITS.minPartSize)
    expect(size).toBeLessThanOrEqual(DEFAULT_LIMITS.maxPartSize)
  }
  expect(schedule.maxParts).toBeLessThanOrEqual(DEFAULT_LIMITS.maxParts)
  expect(Number.isFinite(scheduleCapacity(schedule))).toBe(true)
}

describe('parsePartSchedule', () => {
  it('accepts every schedule the planner makes, and returns only its five fields', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: DEFAULT_LIMITS.minPartSize, max: DEFAULT_LIMITS.maxPartSize }),
        fc.option(fc.integer({ min: 0, max: 2 ** 44 }), { nil: undefined }),
        (partSize, sizeHint) => {
          let schedule: PartSchedule
          try {
            schedule = planPartSchedule({ partSize, limits: DEFAULT_LIMITS, sizeHint })
          } catch {
            return // a hint too large for the limits
          }
          expect(parsePartSchedule({ ...schedule, extra: 1 }, 'here')).toEqual(schedule)
        },
      ),
      { seed: 5, numRuns: 300 },
    )
  })

  it.each([
    ['an empty object (the NaN part size)', {}, 'initialPartSize'],
    ['a string part size', { ...valid, initialPartSize: '8388608' }, 'initialPartSize'],
    ['a part size under the minimum', { ...valid, initialPartSize: 1024 }, 'initialPartSize'],
    ['a fractional part size', { ...valid, initialPartSize: 8 * MiB + 0.5 }, 'initialPartSize'],
    ['a largest part over the limit', { ...valid, maxPartSize: 6 * 1024 * MiB }, 'maxPartSize'],
    ['a largest part under the first', { ...valid, maxPartSize: 6 * MiB }, 'maxPartSize'],
    ['zero parts', { ...valid, maxParts: 0 }, 'maxParts'],
    ['more than 10,000 parts', { ...valid, maxParts: 10_001 }, 'maxParts'],
    ['an infinite part count', { ...valid, maxParts: Number.POSITIVE_INFINITY }, 'maxParts'],
    ['a zero first tier', { ...valid, firstTierParts: 0 }, 'firstTierParts'],
    ['a zero tier (a division by zero)', { ...valid, tierParts: 0 }, 'tierParts'],
    ['a negative tier', { ...valid, tierParts: -10 }, 'tierParts'],
    ['a NaN tier', { ...valid, tierParts: Number.NaN }, 'tierParts'],
    ['null tiers', { ...valid, tierParts: null }, 'tierParts'],
    ['an array', [1, 2, 3, 4, 5], ''],
    ['null', null, ''],
    ['a string', '8388608/1728/10/5368709120/10000', ''],
  ])('refuses %s, naming the field', (_name, value, field) => {
    try {
      parsePartSchedule(value, 'the schedule of x')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ScheduleInvalidError)
      expect(error).toMatchObject({ code: 'JSS_ERR_SCHEDULE_INVALID', field })
      expect((error as Error).message).toMatch(/^the schedule of x/)
      expect((error as Error).message).toContain(field)
    }
  })

  it('takes other limits', () => {
    const limits = { minPartSize: 1024, maxPartSize: 4096, maxParts: 20 }
    const small = {
      initialPartSize: 1024,
      firstTierParts: 5,
      tierParts: 2,
      maxPartSize: 4096,
      maxParts: 20,
    }
    expect(parsePartSchedule(small, 'x', limits)).toEqual(small)
    expect(() => parsePartSchedule(small, 'x')).toThrow(ScheduleInvalidError)
    expect(() => parsePartSchedule({ ...small, maxParts: 21 }, 'x', limits)).toThrow(/maxParts/)
  })

  it('any JSON value is refused with a coded error, or a schedule within the limits', () => {
    const field = fc.oneof(
      fc.jsonValue(),
      fc.integer(),
      fc.integer({ min: 1, max: 20_000 }),
      fc.double(),
      fc.constantFrom(-1, 0, 1.5, 2 ** 53, 1e308, Number.NaN, Number.POSITIVE_INFINITY, '5'),
      fc.integer({ min: DEFAULT_LIMITS.minPartSize, max: DEFAULT_LIMITS.maxPartSize }),
    )
    const mutated = fc
      .record({
        name: fc.constantFrom(...(Object.keys(valid) as (keyof PartSchedule)[])),
        value: fc.option(field, { nil: undefined }),
      })
      .map(({ name, value }) => ({ ...valid, [name]: value }))
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutated), (value) => {
        let schedule: PartSchedule
        try {
          schedule = parsePartSchedule(value, 'v')
        } catch (error) {
          expect(error).toBeInstanceOf(ScheduleInvalidError)
          return
        }
        expectWithinLimits(schedule)
      }),
      { seed: 11, numRuns: 2000 },
    )
  })
})
