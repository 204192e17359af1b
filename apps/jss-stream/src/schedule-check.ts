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
  const parsed = parseRecordedSchedule(text, limits)
  if ('problem' in parsed) return ignored(parsed.problem)
  const { schedule } = parsed
  const parts = countParts(schedule, size)
  if (parts === undefined) {
    return ignored(`${schedule.maxParts} parts of it cannot hold the object's ${size} bytes`)
  }
  const suffix = /-(\d+)"?$/.exec(etag)
  if (suffix !== null && Number(suffix[1]) !== parts) {
    return ignored(`the ETag counts ${suffix[1]} parts, the schedule ${parts} for ${size} bytes`)
  }
  return { kind: 'usable', schedule, parts }
}

/** A recorded schedule not to be trusted, and why. */
function ignored(problem: string): RecordedSchedule {
  return { kind: 'ignored', problem }
}

/** The schedule in `text` when it is five numbers valid under `limits`; otherwise why not. */
function parseRecordedSchedule(
  text: string,
  limits: PartLimits,
): { schedule: PartSchedule } | { problem: string } {
  if (!/^\d{1,16}(\/\d{1,16}){4}$/.test(text)) return { problem: 'not five numbers a/b/c/d/e' }
  const [initialPartSize = 0, firstTierParts = 0, tierParts = 0, maxPartSize = 0, maxParts = 0] =
    text.split('/').map(Number)
  try {
    // The strict validator of @jss/stream: the limits, and the fields against each other.
    const schedule = parsePartSchedule(
      { initialPartSize, firstTierParts, tierParts, maxPartSize, maxParts },
      'schedule',
      limits,
    )
    return { schedule }
  } catch (error) {
    if (error instanceof ScheduleInvalidError) {
      return { problem: error.message.replace(/^schedule: /, '') }
    }
    throw error
  }
}

/** How many parts of the schedule hold `size` bytes; undefined when its `maxParts` cannot. */
function countParts(schedule: PartSchedule, size: number): number | undefined {
  let parts = 1
  let held = partSizeAt(schedule, 1)
  while (held < size && parts < schedule.maxParts) {
    parts += 1
    held += partSizeAt(schedule, parts)
  }
  return held < size ? undefined : parts
}
