import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { JournalInvalidError } from '../errors.js'
import { partSizeAt } from '../parts/part-schedule.js'
import { createJournalWriter, type Journal, readJournal } from './journal.js'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jss-stream-journal-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const journal = (parts: number): Journal => ({
  version: 1,
  bucket: 'b',
  key: 'k',
  uploadId: 'u',
  schedule: { initialPartSize: 5, firstTierParts: 1, tierParts: 1, maxPartSize: 10, maxParts: 20 },
  parts: Array.from({ length: parts }, (_, i) => ({
    partNumber: i + 1,
    size: 5,
    md5: 'd41d8cd98f00b204e9800998ecf8427e',
  })),
})

const limits = { minPartSize: 5, maxPartSize: 10, maxParts: 20 }

describe('journal', () => {
  it('reads nothing when the file does not exist', async () => {
    expect(await readJournal(join(dir, 'none.json'))).toBeUndefined()
  })

  it('round-trips and keeps the last of many concurrent writes, without temp files', async () => {
    const path = join(dir, 'j.json')
    const writer = createJournalWriter(path)
    await Promise.all([1, 2, 3, 4, 5].map((n) => writer.write(journal(n))))
    expect(await readJournal(path, { limits })).toEqual(journal(5))
    expect(await readdir(dir)).toEqual(['j.json'])
    await writer.remove()
    expect(await readdir(dir)).toEqual([])
  })

  it('refuses a file that is not a journal', async () => {
    const path = join(dir, 'bad.json')
    await writeFile(path, '{"version":1}')
    await expect(readJournal(path)).rejects.toMatchObject({ code: 'JSS_ERR_JOURNAL_INVALID' })
    await writeFile(path, 'not json')
    await expect(readJournal(path)).rejects.toMatchObject({ code: 'JSS_ERR_JOURNAL_INVALID' })
  })

  it('refuses the schedule {} (a NaN part size), naming the file and the field', async () => {
    const path = join(dir, 'empty-schedule.json')
    await writeFile(path, JSON.stringify({ ...journal(1), schedule: {} }))
    const refusal = readJournal(path, { limits })
    await expect(refusal).rejects.toBeInstanceOf(JournalInvalidError)
    await expect(refusal).rejects.toMatchObject({ field: 'schedule.initialPartSize' })
    await expect(refusal).rejects.toThrow(path)
  })

  it('refuses a schedule outside the limits it is read under', async () => {
    const path = join(dir, 'small.json')
    await writeFile(path, JSON.stringify(journal(1)))
    // 5-byte parts are fine under the test limits, not under the contract's 5 MiB minimum
    await expect(readJournal(path)).rejects.toMatchObject({
      code: 'JSS_ERR_JOURNAL_INVALID',
      field: 'schedule.initialPartSize',
    })
  })

  it('reads any JSON value as a valid journal, or refuses it naming the file and the field', async () => {
    const path = join(dir, 'any.json')
    const valid = journal(3)
    // JSON text, so that numbers JSON.stringify cannot write (1e400 is read as Infinity) are tried
    const raw = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.constantFrom('1e400', '-1e400', '1e308', '9007199254740993', '-1', '0', '1.5', '-0'),
      fc.constantFrom('"5"', '""', 'null', 'true', '{}', '[]', '"NaN"', '[5]', '{"size":5}'),
      fc.integer({ min: -5, max: 30 }).map(String),
    )
    const paths = [
      'version',
      'bucket',
      'key',
      'uploadId',
      'schedule',
      'parts',
      ...Object.keys(valid.schedule ?? {}).map((k) => `schedule.${k}`),
      'parts.0',
      'parts.1.partNumber',
      'parts.2.size',
      'parts.0.md5',
    ]
    const mutation = fc.record({
      path: fc.constantFrom(...paths),
      value: fc.option(raw, { nil: undefined }), // undefined: the field removed
    })
    const text = fc.oneof(
      raw,
      fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
        const copy = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>
        const rawValues: string[] = []
        for (const { path: at, value } of mutations) {
          const names = at.split('.')
          const last = names.pop() as string
          let target = copy as Record<string, unknown> | undefined
          for (const name of names) {
            const next = target?.[name]
            target =
              typeof next === 'object' && next !== null
                ? (next as Record<string, unknown>)
                : undefined
          }
          if (target === undefined) continue
          if (value === undefined) delete target[last]
          else target[last] = `@raw${rawValues.push(value) - 1}@`
        }
        return JSON.stringify(copy).replace(
          /"@raw(\d+)@"/g,
          (_, i: string) => rawValues[Number(i)] as string,
        )
      }),
    )
    await fc.assert(
      fc.asyncProperty(text, async (contents) => {
        await writeFile(path, contents)
        let read: Journal | undefined
        try {
          read = await readJournal(path, { limits })
        } catch (error) {
          expect(error).toBeInstanceOf(JournalInvalidError)
          const { message, field } = error as JournalInvalidError
          expect(message).toContain(path)
          if (field !== undefined) expect(message).toContain(field.replace(/^schedule\./, ''))
          const isObject = (() => {
            try {
              const v: unknown = JSON.parse(contents)
              return typeof v === 'object' && v !== null && !Array.isArray(v)
            } catch {
              return false
            }
          })()
          if (isObject) expect(field).toBeDefined()
          return
        }
        // accepted: every number in it is one the uploader can compute with
        expect(read).toBeDefined()
        const j = read as Journal
        expect(j.bucket.length * j.key.length * j.uploadId.length).toBeGreaterThan(0)
        let previous = 0
        for (const p of j.parts) {
          expect(Number.isSafeInteger(p.partNumber) && p.partNumber > previous).toBe(true)
          const largest = j.schedule ? partSizeAt(j.schedule, p.partNumber) : limits.maxPartSize
          expect(Number.isSafeInteger(p.size) && p.size >= 1 && p.size <= largest).toBe(true)
          previous = p.partNumber
        }
        expect(j.parts.length).toBeLessThanOrEqual(j.schedule?.maxParts ?? limits.maxParts)
      }),
      { seed: 3, numRuns: 1500 },
    )
  })
})
