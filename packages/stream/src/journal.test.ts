import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
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

describe('journal', () => {
  it('reads nothing when the file does not exist', async () => {
    expect(await readJournal(join(dir, 'none.json'))).toBeUndefined()
  })

  it('round-trips and keeps the last of many concurrent writes, without temp files', async () => {
    const path = join(dir, 'j.json')
    const writer = createJournalWriter(path)
    await Promise.all([1, 2, 3, 4, 5].map((n) => writer.write(journal(n))))
    expect(await readJournal(path)).toEqual(journal(5))
    expect(await readdir(dir)).toEqual(['j.json'])
    await writer.remove()
    expect(await readdir(dir)).toEqual([])
  })

  it('refuses a file that is not a journal', async () => {
    const path = join(dir, 'bad.json')
    await writeFile(path, '{"version":1}')
    await expect(readJournal(path)).rejects.toMatchObject({ code: 'JSS_STREAM_JOURNAL_INVALID' })
    await writeFile(path, 'not json')
    await expect(readJournal(path)).rejects.toMatchObject({ code: 'JSS_STREAM_JOURNAL_INVALID' })
  })
})
