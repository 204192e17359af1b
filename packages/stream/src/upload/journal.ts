import { randomBytes } from 'node:crypto'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { JournalInvalidError, ScheduleInvalidError } from '../errors.js'
import {
  describeValue,
  type PartSchedule,
  parsePartSchedule,
} from '../parts/parse-part-schedule.js'
import { DEFAULT_LIMITS, type PartLimits, resolveLimits } from '../parts/part-limits.js'
import { partSizeAt } from '../parts/part-schedule.js'

/** An acknowledged part, as journaled. */
export interface JournalPart {
  readonly partNumber: number
  readonly size: number
  /** Lowercase hex MD5 of the part, which is also its ETag. */
  readonly md5: string
}

/** What a resumed upload needs: the upload id, how the input was cut and what is already stored. */
export interface Journal {
  readonly version: 1
  readonly bucket: string
  readonly key: string
  readonly uploadId: string
  /** The part-size schedule, or `null` when the input came already cut into parts. */
  readonly schedule: PartSchedule | null
  /** Acknowledged parts, ascending. */
  readonly parts: readonly JournalPart[]
}

/** Options of {@link readJournal}. */
export interface ReadJournalOptions {
  /** The limits the journaled upload was made under. @default the JSS contract's ({@link DEFAULT_LIMITS}) */
  readonly limits?: Partial<PartLimits> | undefined
}

/**
 * The journal at `path`, or `undefined` when there is none. A file that is not a valid journal
 * (see {@link parseJournal}) is refused with a `JSS_ERR_JOURNAL_INVALID` error naming the file
 * and the first bad field.
 */
export async function readJournal(
  path: string,
  options: ReadJournalOptions = {},
): Promise<Journal | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new JournalInvalidError(`the journal ${path} is not JSON`, { cause: error })
  }
  return parseJournal(value, path, options.limits)
}

/**
 * `value` (the parsed contents of the journal file `path`) as a journal, checked strictly: version
 * 1; non-empty bucket, key and upload id; a part schedule valid under `limits`
 * (`parsePartSchedule`) or `null`; at most `maxParts` parts in strictly ascending order, each with a
 * number from 1 to `maxParts`, a size from 1 to the planned part size (or `maxPartSize`), and a
 * lowercase hex MD5. Otherwise a `JSS_ERR_JOURNAL_INVALID` error naming `path` and the field.
 */
export function parseJournal(
  value: unknown,
  path: string,
  limits: Partial<PartLimits> = DEFAULT_LIMITS,
): Journal {
  const bounds = resolveLimits(limits)
  const invalid: Invalid = (field, message, cause) =>
    new JournalInvalidError(`the journal ${path} is invalid: ${message}`, { field, cause })
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JournalInvalidError(
      `the journal ${path} is invalid: it must be a JSON object, got ${describeValue(value)}`,
    )
  }
  const j = value as Record<string, unknown>
  if (j.version !== 1) {
    throw invalid('version', `version must be 1, got ${describeValue(j.version)}`)
  }
  const bucket = journalText(j, 'bucket', invalid)
  const key = journalText(j, 'key', invalid)
  const uploadId = journalText(j, 'uploadId', invalid)
  const schedule = parseJournalSchedule(j.schedule, bounds, invalid)
  const parts = parseJournalParts(j.parts, schedule, bounds, invalid)
  return { version: 1, bucket, key, uploadId, schedule, parts }
}

/** Makes the error for an invalid journal field. */
type Invalid = (field: string, message: string, cause?: unknown) => JournalInvalidError

/** A non-empty string field of the journal. */
function journalText(
  j: Record<string, unknown>,
  field: 'bucket' | 'key' | 'uploadId',
  invalid: Invalid,
): string {
  const v = j[field]
  if (typeof v === 'string' && v !== '') return v
  throw invalid(field, `${field} must be a non-empty string, got ${describeValue(v)}`)
}

/** The journal's schedule: `null`, or a part schedule valid under `bounds`. */
function parseJournalSchedule(
  value: unknown,
  bounds: PartLimits,
  invalid: Invalid,
): PartSchedule | null {
  if (value === null) return null
  try {
    return parsePartSchedule(value, 'schedule', bounds)
  } catch (error) {
    if (!(error instanceof ScheduleInvalidError)) throw error
    if (error.field === '') {
      throw invalid('schedule', `${error.message} (or null for an input read as parts)`, error)
    }
    throw invalid(`schedule.${error.field}`, error.message, error)
  }
}

/** The journal's parts: at most `maxParts`, strictly ascending, each valid. */
function parseJournalParts(
  value: unknown,
  schedule: PartSchedule | null,
  bounds: PartLimits,
  invalid: Invalid,
): JournalPart[] {
  const maxParts = schedule?.maxParts ?? bounds.maxParts
  if (!Array.isArray(value)) {
    throw invalid('parts', `parts must be an array, got ${describeValue(value)}`)
  }
  if (value.length > maxParts) {
    throw invalid('parts', `parts holds ${value.length} parts, more than the ${maxParts} allowed`)
  }
  const parts: JournalPart[] = []
  let previous = 0
  for (const [i, p] of (value as unknown[]).entries()) {
    const part = parseJournalPart(
      p,
      `parts[${i}]`,
      { previous, maxParts, schedule, bounds },
      invalid,
    )
    parts.push(part)
    previous = part.partNumber
  }
  return parts
}

/** Where a journaled part may be: after `previous`, at most `maxParts`, sized by the schedule. */
interface JournalPartBounds {
  readonly previous: number
  readonly maxParts: number
  readonly schedule: PartSchedule | null
  readonly bounds: PartLimits
}

/** One journaled part: a number after the previous one, a size it may have, a lowercase hex MD5. */
function parseJournalPart(
  p: unknown,
  at: string,
  { previous, maxParts, schedule, bounds }: JournalPartBounds,
  invalid: Invalid,
): JournalPart {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) {
    throw invalid(at, `${at} must be an object, got ${describeValue(p)}`)
  }
  const { partNumber, size, md5 } = p as Record<string, unknown>
  if (!isIntegerIn(partNumber, previous + 1, maxParts)) {
    throw invalid(
      `${at}.partNumber`,
      `${at}.partNumber must be an integer from ${previous + 1} to ${maxParts} (ascending), got ${describeValue(partNumber)}`,
    )
  }
  const largest = schedule ? partSizeAt(schedule, partNumber) : bounds.maxPartSize
  if (!isIntegerIn(size, 1, largest)) {
    throw invalid(
      `${at}.size`,
      `${at}.size must be an integer from 1 to ${largest}, got ${describeValue(size)}`,
    )
  }
  if (typeof md5 !== 'string' || !/^[0-9a-f]{32}$/.test(md5)) {
    throw invalid(
      `${at}.md5`,
      `${at}.md5 must be 32 lowercase hex digits, got ${describeValue(md5)}`,
    )
  }
  return { partNumber, size, md5 }
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max
}

/** Writes one journal file atomically, coalescing writes that arrive while one is under way. */
export interface JournalWriter {
  /** Resolves once `journal` (or a later state) is on disk. */
  write(journal: Journal): Promise<void>
  /** Waits for pending writes, then deletes the journal. */
  remove(): Promise<void>
}

/** A writer for the journal at `path` (temp file in the same directory, then rename). */
export function createJournalWriter(path: string): JournalWriter {
  let latest: Journal | undefined
  let running: Promise<void> | undefined

  const flush = async (): Promise<void> => {
    while (latest !== undefined) {
      const journal = latest
      latest = undefined
      const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
      try {
        await writeFile(temp, `${JSON.stringify(journal)}\n`, { mode: 0o600 })
        await rename(temp, path)
      } catch (error) {
        await rm(temp, { force: true })
        throw error
      }
    }
  }

  return {
    write(journal) {
      latest = journal
      running ??= flush().finally(() => {
        running = undefined
      })
      return running
    },
    async remove() {
      await running?.catch(() => {})
      latest = undefined
      await rm(path, { force: true })
    },
  }
}
