import {
  DEFAULT_LIMITS,
  type PartLimits,
  type PartSchedule,
  parsePartSchedule,
  partSizeAt,
  ScheduleInvalidError,
} from '@jss/stream'

/** What `get` may do with the part schedule recorded in an object's metadata. */
export type RecordedSchedule =
  /** None recorded. */
  | { readonly kind: 'none' }
  /** Valid under the limits and consistent with the object: `parts` parts of it hold its size. */
  | { readonly kind: 'usable'; readonly schedule: PartSchedule; readonly parts: number }
  /** Recorded but not to be trusted: why. */
  | { readonly kind: 'ignored'; readonly problem: string }

/**
 * Checks the schedule text `put` recorded (`initialPartSize/firstTierParts/tierParts/maxPartSize/
 * maxParts`, see schedule-metadata.ts) against the store's limits, the object's size and the ETag's
 * part count (the `-N` suffix, when the ETag has one). Whatever the text, the work is bounded: at
 * most `limits.maxParts` steps.
 */
export function checkRecordedSchedule(
  text: string | undefined,
  size: number,
  etag: string,
  limits: PartLimits = DEFAULT_LIMITS,
): RecordedSchedule {
  if (text === undefined) return { kind: 'none' }
  const ignored = (problem: string): RecordedSchedule => ({ kind: 'ignored', problem })
  if (!/^\d{1,16}(\/\d{1,16}){4}$/.test(text)) return ignored('not five numbers a/b/c/d/e')
  const [initialPartSize = 0, firstTierParts = 0, tierParts = 0, maxPartSize = 0, maxParts = 0] =
    text.split('/').map(Number)
  let schedule: PartSchedule
  try {
    // The strict validator of @jss/stream: the limits, and the fields against each other.
    schedule = parsePartSchedule(
      { initialPartSize, firstTierParts, tierParts, maxPartSize, maxParts },
      'schedule',
      limits,
    )
  } catch (error) {
    if (error instanceof ScheduleInvalidError)
      return ignored(error.message.replace(/^schedule: /, ''))
    throw error
  }
  const { maxParts: count } = schedule
  let parts = 1
  let held = partSizeAt(schedule, 1)
  while (held < size && parts < count) {
    parts += 1
    held += partSizeAt(schedule, parts)
  }
  if (held < size) return ignored(`${count} parts of it cannot hold the object's ${size} bytes`)
  const suffix = /-(\d+)"?$/.exec(etag)
  if (suffix !== null && Number(suffix[1]) !== parts) {
    return ignored(`the ETag counts ${suffix[1]} parts, the schedule ${parts} for ${size} bytes`)
  }
  return { kind: 'usable', schedule, parts }
}
