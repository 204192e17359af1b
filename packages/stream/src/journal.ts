import { randomBytes } from 'node:crypto'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { JournalInvalidError } from './errors.js'
import type { PartSchedule } from './part-schedule.js'

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

/** The journal at `path`, or `undefined` when there is none. */
export async function readJournal(path: string): Promise<Journal | undefined> {
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
  if (!isJournal(value)) throw new JournalInvalidError(`the journal ${path} is not a journal`)
  return value
}

function isJournal(value: unknown): value is Journal {
  const j = value as Partial<Journal> | null
  return (
    typeof j === 'object' &&
    j !== null &&
    j.version === 1 &&
    typeof j.bucket === 'string' &&
    typeof j.key === 'string' &&
    typeof j.uploadId === 'string' &&
    (j.schedule === null || (typeof j.schedule === 'object' && j.schedule !== undefined)) &&
    Array.isArray(j.parts) &&
    j.parts.every(
      (p: Partial<JournalPart>) =>
        Number.isSafeInteger(p.partNumber) &&
        Number.isSafeInteger(p.size) &&
        typeof p.md5 === 'string' &&
        /^[0-9a-f]{32}$/.test(p.md5),
    )
  )
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
