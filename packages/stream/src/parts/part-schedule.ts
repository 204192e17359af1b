import { InvalidOptionError, TooLargeError } from '../errors.js'
import { checkScheduleShape, type PartSchedule } from './parse-part-schedule.js'
import { type PartLimits, resolveLimits } from './part-limits.js'

/** Options of {@link planPartSchedule}. */
export interface PlanPartScheduleOptions {
  readonly partSize: number
  readonly limits: PartLimits
  readonly sizeHint?: number | undefined
}

/**
 * The share of `maxParts × maxPartSize` a schedule must be able to carry: 82% of 10,000 parts of
 * 5 GiB is 41,000 GiB, more than 40 TiB.
 */
export const CAPACITY_SHARE = 0.82

/** The schedule of the first version: growth every `maxParts / 64` parts from the start. */
export function gentleSchedule(initialPartSize: number, limits: PartLimits): PartSchedule {
  const tierParts = Math.max(1, Math.floor(limits.maxParts / 64))
  return {
    initialPartSize,
    firstTierParts: tierParts,
    tierParts,
    maxPartSize: limits.maxPartSize,
    maxParts: limits.maxParts,
  }
}

/**
 * The schedule that keeps `initialPartSize` for as many parts as it can: steep growth (doubling
 * every `maxParts / 1000` parts, so about ten doublings take a hundredth of the parts) starting as
 * late as possible while the capacity stays at least {@link CAPACITY_SHARE} of the limits. Where
 * that is impossible (or keeps the initial size for fewer parts), the gentle schedule.
 */
export function longSchedule(initialPartSize: number, limits: PartLimits): PartSchedule {
  const gentle = gentleSchedule(initialPartSize, limits)
  const required = Math.floor(limits.maxParts * limits.maxPartSize * CAPACITY_SHARE)
  const tierParts = Math.max(1, Math.floor(limits.maxParts / 1000))
  const withFirst = (firstTierParts: number): PartSchedule => ({
    ...gentle,
    firstTierParts,
    tierParts,
  })
  if (scheduleCapacity(withFirst(1)) < required) return gentle
  // the capacity only shrinks as the first tier grows: find its longest length that still fits
  let low = 1
  let high = limits.maxParts
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (scheduleCapacity(withFirst(mid)) >= required) low = mid
    else high = mid - 1
  }
  return low >= gentle.firstTierParts ? withFirst(low) : gentle
}

/**
 * Plans the part sizes of an upload. Without a size hint, parts keep `partSize` as long as a stream
 * of more than 40 TiB (in general {@link CAPACITY_SHARE} of `maxParts × maxPartSize`) still fits —
 * 1,728 parts of 8 MiB (13.5 GiB) with the JSS limits — then double every `maxParts / 1000` parts
 * (10) up to `maxPartSize`. With a hint, parts are the smallest size that fits the hint (at least
 * `partSize`), and grow the same way only if the stream turns out longer.
 */
export function planPartSchedule({
  partSize,
  limits: given,
  sizeHint,
}: PlanPartScheduleOptions): PartSchedule {
  const limits = resolveLimits(given)
  if (!Number.isSafeInteger(partSize) || partSize < limits.minPartSize) {
    throw new InvalidOptionError(
      `partSize must be an integer of at least ${limits.minPartSize} bytes, got ${partSize}`,
    )
  }
  if (partSize > limits.maxPartSize) {
    throw new InvalidOptionError(`partSize must be at most ${limits.maxPartSize} bytes`)
  }
  if (sizeHint === undefined) return longSchedule(partSize, limits)
  if (!Number.isSafeInteger(sizeHint) || sizeHint < 0) {
    throw new InvalidOptionError(`sizeHint must be a non-negative integer, got ${sizeHint}`)
  }
  const fitting = Math.max(partSize, Math.ceil(sizeHint / limits.maxParts))
  if (fitting > limits.maxPartSize) {
    throw new TooLargeError(
      `${sizeHint} bytes do not fit in ${limits.maxParts} parts of at most ${limits.maxPartSize} bytes`,
    )
  }
  const schedule = longSchedule(fitting, limits)
  const hinted = Math.max(1, Math.ceil(sizeHint / fitting))
  return { ...schedule, firstTierParts: Math.max(schedule.firstTierParts, hinted) }
}

/**
 * The size of part `partNumber` (1-based) under `schedule`; the last part may be shorter. Throws a
 * `JSS_ERR_SCHEDULE_INVALID` error for a schedule that is not made of positive integers.
 */
export function partSizeAt(schedule: PartSchedule, partNumber: number): number {
  checkScheduleShape(schedule)
  if (!Number.isSafeInteger(partNumber) || partNumber < 1) {
    throw new InvalidOptionError(`partNumber must be a positive integer, got ${partNumber}`)
  }
  if (partNumber <= schedule.firstTierParts) return schedule.initialPartSize
  const tier = Math.floor((partNumber - schedule.firstTierParts - 1) / schedule.tierParts) + 1
  let size = schedule.initialPartSize
  for (let i = 0; i < tier && size < schedule.maxPartSize; i++) size *= 2
  return Math.min(size, schedule.maxPartSize)
}

/**
 * The largest stream `schedule` can carry: the sum of all `maxParts` part sizes. Throws a
 * `JSS_ERR_SCHEDULE_INVALID` error for a schedule that is not made of positive integers.
 */
export function scheduleCapacity(schedule: PartSchedule): number {
  checkScheduleShape(schedule)
  let total = 0
  let partNumber = 1
  while (partNumber <= schedule.maxParts) {
    const size = partSizeAt(schedule, partNumber)
    const tierEnd =
      partNumber <= schedule.firstTierParts
        ? schedule.firstTierParts
        : size >= schedule.maxPartSize
          ? schedule.maxParts
          : partNumber + schedule.tierParts - 1
    const last = Math.min(tierEnd, schedule.maxParts)
    total += size * (last - partNumber + 1)
    partNumber = last + 1
  }
  return total
}
