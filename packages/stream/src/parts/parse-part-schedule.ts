import { ScheduleInvalidError } from '../errors.js'
import { DEFAULT_LIMITS, type PartLimits, resolveLimits } from './part-limits.js'

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

/**
 * `value` as a part schedule, checked strictly: a plain object whose five fields are integers with
 *
 * - `limits.minPartSize` ≤ `initialPartSize` ≤ `maxPartSize` ≤ `limits.maxPartSize`,
 * - 1 ≤ `maxParts` ≤ `limits.maxParts`,
 * - 1 ≤ `firstTierParts` ≤ `maxParts` and 1 ≤ `tierParts` ≤ `maxParts`.
 *
 * So every part size it yields is an integer within the part size limits, for at most
 * `limits.maxParts` parts, and no computation over it (`partSizeAt`, `scheduleCapacity`, cutting a
 * stream with it) can loop without end. Other properties are ignored: the result is a new object
 * with the five fields only. Anything else throws a {@link ScheduleInvalidError} (code
 * `JSS_ERR_SCHEDULE_INVALID`) whose message starts with `where` and whose `field` names the first
 * bad field (`''` when `value` is not an object).
 * @param where what `value` is, for the message, e.g. `the journal ./db.journal: schedule`
 * @param limits the store's limits; the JSS contract's by default ({@link DEFAULT_LIMITS})
 * @example parsePartSchedule(JSON.parse(text), 'the schedule metadata')
 */
export function parsePartSchedule(
  value: unknown,
  where: string,
  limits: Partial<PartLimits> = DEFAULT_LIMITS,
): PartSchedule {
  const bounds = limits === DEFAULT_LIMITS ? DEFAULT_LIMITS : resolveLimits(limits)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScheduleInvalidError(`${where} must be an object, got ${describeValue(value)}`, '')
  }
  const fields = value as Record<string, unknown>
  const integer = (name: keyof PartSchedule, min: number, max: number, what: string): number => {
    const field = fields[name]
    if (typeof field === 'number' && Number.isSafeInteger(field) && field >= min && field <= max) {
      return field
    }
    throw new ScheduleInvalidError(
      `${where}: ${name} must be an integer from ${min} to ${max} (${what}), got ${describeValue(field)}`,
      name,
    )
  }
  const initialPartSize = integer(
    'initialPartSize',
    bounds.minPartSize,
    bounds.maxPartSize,
    'the part size limits',
  )
  const maxPartSize = integer(
    'maxPartSize',
    initialPartSize,
    bounds.maxPartSize,
    'initialPartSize to the largest part size',
  )
  const maxParts = integer('maxParts', 1, bounds.maxParts, 'the part count limit')
  const firstTierParts = integer('firstTierParts', 1, maxParts, 'up to maxParts')
  const tierParts = integer('tierParts', 1, maxParts, 'up to maxParts')
  return { initialPartSize, firstTierParts, tierParts, maxPartSize, maxParts }
}

/** The widest limits a schedule can have and still be computed with: its shape only. */
const SHAPE_LIMITS: PartLimits = Object.freeze({
  minPartSize: 1,
  maxPartSize: Number.MAX_SAFE_INTEGER,
  maxParts: Number.MAX_SAFE_INTEGER,
})

/**
 * Throws unless `schedule` can be computed with: positive integers, `initialPartSize` ≤
 * `maxPartSize`, tiers of at most `maxParts` (whatever the limits). What keeps `partSizeAt` and
 * `scheduleCapacity` from looping without end on a hand-made or corrupted schedule.
 */
export function checkScheduleShape(schedule: PartSchedule, where = 'the part schedule'): void {
  parsePartSchedule(schedule, where, SHAPE_LIMITS)
}

/** A short, printable account of an untrusted value. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (typeof value === 'number') return String(value)
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object' && value !== null) return 'an object'
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'bigint') return `${value}n`
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}
