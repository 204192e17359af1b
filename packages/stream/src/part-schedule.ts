import { InvalidOptionError, TooLargeError } from './errors.js'
import type { PartLimits } from './part-limits.js'

/**
 * How part sizes grow along an upload: `firstTierParts` parts of `initialPartSize`, then tiers of
 * `tierParts` parts, each tier twice the size of the one before, capped at `maxPartSize`.
 * Journaled, so that a resumed upload cuts the replayed input exactly as the first attempt did.
 */
export interface PartSchedule {
  readonly initialPartSize: number
  readonly firstTierParts: number
  readonly tierParts: number
  readonly maxPartSize: number
  readonly maxParts: number
}

/** Options of {@link planPartSchedule}. */
export interface PlanPartScheduleOptions {
  readonly partSize: number
  readonly limits: PartLimits
  readonly sizeHint?: number | undefined
}

/**
 * Plans the part sizes of an upload. Without a size hint, parts start at `partSize` and double every
 * `maxParts / 64` parts (156 for 10,000), so a 1 GiB stream of 8 MiB parts never grows while a
 * stream of more than 40 TiB still fits. With a hint, parts are the smallest size that fits the hint
 * (at least `partSize`), and grow only if the stream turns out longer.
 */
export function planPartSchedule({
  partSize,
  limits,
  sizeHint,
}: PlanPartScheduleOptions): PartSchedule {
  if (!Number.isSafeInteger(partSize) || partSize < limits.minPartSize) {
    throw new InvalidOptionError(
      `partSize must be an integer of at least ${limits.minPartSize} bytes, got ${partSize}`,
    )
  }
  if (partSize > limits.maxPartSize) {
    throw new InvalidOptionError(`partSize must be at most ${limits.maxPartSize} bytes`)
  }
  const tierParts = Math.max(1, Math.floor(limits.maxParts / 64))
  const base = { tierParts, maxPartSize: limits.maxPartSize, maxParts: limits.maxParts }
  if (sizeHint === undefined)
    return { ...base, initialPartSize: partSize, firstTierParts: tierParts }
  if (!Number.isSafeInteger(sizeHint) || sizeHint < 0) {
    throw new InvalidOptionError(`sizeHint must be a non-negative integer, got ${sizeHint}`)
  }
  const fitting = Math.max(partSize, Math.ceil(sizeHint / limits.maxParts))
  if (fitting > limits.maxPartSize) {
    throw new TooLargeError(
      `${sizeHint} bytes do not fit in ${limits.maxParts} parts of at most ${limits.maxPartSize} bytes`,
    )
  }
  const firstTierParts = Math.max(1, Math.ceil(sizeHint / fitting))
  return { ...base, initialPartSize: fitting, firstTierParts }
}

/** The size of part `partNumber` (1-based) under `schedule`; the last part may be shorter. */
export function partSizeAt(schedule: PartSchedule, partNumber: number): number {
  if (partNumber <= schedule.firstTierParts) return schedule.initialPartSize
  const tier = Math.floor((partNumber - schedule.firstTierParts - 1) / schedule.tierParts) + 1
  let size = schedule.initialPartSize
  for (let i = 0; i < tier && size < schedule.maxPartSize; i++) size *= 2
  return Math.min(size, schedule.maxPartSize)
}

/** The largest stream `schedule` can carry: the sum of all `maxParts` part sizes. */
export function scheduleCapacity(schedule: PartSchedule): number {
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
