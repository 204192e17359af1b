import { describe, expect, it } from 'vitest'
import { InvalidOptionError, ScheduleInvalidError, TooLargeError } from '../errors.js'
import { DEFAULT_LIMITS } from './part-limits.js'
import { planPartSchedule, scheduleCapacity } from './part-schedule.js'
import {
  checkGivenSchedule,
  DEFAULT_PART_SIZE,
  resolvePartSchedule,
} from './resolve-part-schedule.js'

const MiB = 1024 * 1024

describe('resolvePartSchedule', () => {
  it('plans with the defaults of uploadStream', () => {
    expect(resolvePartSchedule()).toEqual(
      planPartSchedule({ partSize: DEFAULT_PART_SIZE, limits: DEFAULT_LIMITS }),
    )
    expect(resolvePartSchedule({ sizeHint: 100 * 1024 ** 3 })).toEqual(
      planPartSchedule({
        partSize: DEFAULT_PART_SIZE,
        limits: DEFAULT_LIMITS,
        sizeHint: 100 * 1024 ** 3,
      }),
    )
  })

  it('takes the part size and the limits, raising the default part size to minPartSize', () => {
    const limits = { minPartSize: 16 * MiB }
    expect(resolvePartSchedule({ limits }).initialPartSize).toBe(16 * MiB)
    expect(resolvePartSchedule({ partSize: 32 * MiB, limits }).initialPartSize).toBe(32 * MiB)
    expect(resolvePartSchedule({ limits: { maxParts: 20 } }).maxParts).toBe(20)
  })

  it('refuses what uploadStream refuses', () => {
    expect(() => resolvePartSchedule({ partSize: MiB })).toThrow(InvalidOptionError)
    expect(() => resolvePartSchedule({ partSize: 1.5 * 8 * MiB + 0.5 })).toThrow(InvalidOptionError)
    expect(() => resolvePartSchedule({ sizeHint: -1 })).toThrow(InvalidOptionError)
    expect(() => resolvePartSchedule({ limits: { maxParts: 0 } })).toThrow(InvalidOptionError)
    expect(() => resolvePartSchedule({ sizeHint: 10 ** 15, limits: { maxParts: 10 } })).toThrow(
      TooLargeError,
    )
  })
})

describe('checkGivenSchedule', () => {
  const limits = { ...DEFAULT_LIMITS }
  const schedule = resolvePartSchedule()

  it('returns a valid schedule as a new object of its five fields', () => {
    const given = { ...schedule, extra: true }
    expect(checkGivenSchedule(given, limits, undefined)).toEqual(schedule)
  })

  it('refuses a schedule outside the limits with an invalid-option error naming the field', () => {
    let error: unknown
    try {
      checkGivenSchedule({ ...schedule, initialPartSize: MiB }, limits, undefined)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect((error as Error).message).toMatch(/^schedule: initialPartSize/)
    expect((error as Error).cause).toBeInstanceOf(ScheduleInvalidError)
    expect(((error as Error).cause as ScheduleInvalidError).field).toBe('initialPartSize')
    expect(() => checkGivenSchedule(null, limits, undefined)).toThrow(InvalidOptionError)
    expect(() =>
      checkGivenSchedule({ ...schedule, maxParts: limits.maxParts + 1 }, limits, undefined),
    ).toThrow(InvalidOptionError)
  })

  it('refuses a schedule that cannot carry the size hint', () => {
    const capacity = scheduleCapacity(schedule)
    expect(checkGivenSchedule(schedule, limits, capacity)).toEqual(schedule)
    expect(() => checkGivenSchedule(schedule, limits, capacity + 1)).toThrow(TooLargeError)
  })
})
