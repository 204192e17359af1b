import { InvalidOptionError, ScheduleInvalidError, TooLargeError } from '../errors.js'
import { type PartSchedule, parsePartSchedule } from './parse-part-schedule.js'
import { type PartLimits, resolveLimits } from './part-limits.js'
import { planPartSchedule, scheduleCapacity } from './part-schedule.js'

/** @default 8 MiB */
export const DEFAULT_PART_SIZE: number = 8 * 1024 * 1024

/** Options of {@link resolvePartSchedule}: those of `uploadStream` that choose the schedule. */
export interface ResolvePartScheduleOptions {
  /** The initial part size. @default max(8 MiB, limits.minPartSize) */
  readonly partSize?: number | undefined
  /** The expected stream length. @default none (unknown length) */
  readonly sizeHint?: number | undefined
  /** The store's part limits. @default the JSS contract's ({@link DEFAULT_LIMITS}) */
  readonly limits?: Partial<PartLimits> | undefined
}

/**
 * The part schedule `uploadStream` uses for a byte stream (`body`) with these options, when it is
 * not given one (`schedule`): the same defaults, the same planner (`planPartSchedule`), the same
 * checks (`JSS_ERR_INVALID_OPTION`, and `JSS_ERR_TOO_LARGE` for a `sizeHint` that cannot
 * fit). A resumed upload uses its journaled schedule instead; `result.schedule` tells which.
 * @example const schedule = resolvePartSchedule({ sizeHint: 10 * 1024 ** 3 })
 */
export function resolvePartSchedule(options: ResolvePartScheduleOptions = {}): PartSchedule {
  const limits = resolveLimits(options.limits)
  const partSize = options.partSize ?? Math.max(DEFAULT_PART_SIZE, limits.minPartSize)
  return planPartSchedule({ partSize, limits, sizeHint: options.sizeHint })
}

/**
 * A schedule given by the caller (`uploadStream`'s `schedule`), checked by the rules of
 * `parsePartSchedule` against `limits` (an `InvalidOptionError` naming the field, the
 * `ScheduleInvalidError` as its cause), and able to carry `sizeHint` bytes (else `TooLargeError`).
 */
export function checkGivenSchedule(
  value: unknown,
  limits: PartLimits,
  sizeHint: number | undefined,
): PartSchedule {
  let schedule: PartSchedule
  try {
    schedule = parsePartSchedule(value, 'schedule', limits)
  } catch (error) {
    if (!(error instanceof ScheduleInvalidError)) throw error
    throw new InvalidOptionError(error.message, { cause: error })
  }
  if (sizeHint !== undefined && sizeHint > scheduleCapacity(schedule)) {
    throw new TooLargeError(
      `${sizeHint} bytes do not fit in the given schedule (at most ${scheduleCapacity(schedule)} bytes)`,
    )
  }
  return schedule
}
