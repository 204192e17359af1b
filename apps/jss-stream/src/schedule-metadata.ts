import type { PartSchedule } from '@jss/stream'

/**
 * The user-metadata name (`x-jss-meta-jss-stream-schedule`) under which `put` records how it cut
 * the input into parts, so that `get` can recompute a multipart ETag and verify the whole body.
 */
export const scheduleMetadataName = 'jss-stream-schedule'

/** `initialPartSize/firstTierParts/tierParts/maxPartSize/maxParts`. */
export function formatScheduleMetadata(schedule: PartSchedule): string {
  const { initialPartSize, firstTierParts, tierParts, maxPartSize, maxParts } = schedule
  return [initialPartSize, firstTierParts, tierParts, maxPartSize, maxParts].join('/')
}

/** The schedule recorded by {@link formatScheduleMetadata}, or `undefined` when malformed. */
export function parseScheduleMetadata(text: string | undefined): PartSchedule | undefined {
  if (text === undefined || !/^\d+(\/\d+){4}$/.test(text)) return undefined
  const [initialPartSize = 0, firstTierParts = 0, tierParts = 0, maxPartSize = 0, maxParts = 0] =
    text.split('/').map(Number)
  const values = [initialPartSize, firstTierParts, tierParts, maxPartSize, maxParts]
  if (!values.every((n) => Number.isSafeInteger(n) && n >= 1)) return undefined
  return { initialPartSize, firstTierParts, tierParts, maxPartSize, maxParts }
}
