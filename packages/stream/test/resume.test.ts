import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Journal,
  JournalMismatchError,
  readJournal,
  type UploadEvent,
  uploadStream,
} from '../src/index.js'
import {
  BUCKET,
  expectSameBytes,
  type Harness,
  hookClient,
  openUploads,
  randomData,
  readableOf,
  readObject,
  startHarness,
} from './helpers.js'

const PART = 1024
const limits = { minPartSize: PART }
let h: Harness
let dir = ''

beforeAll(async () => {
  h = await startHarness({ minPartSize: PART })
  dir = await mkdtemp(join(tmpdir(), 'jss-stream-resume-'))
})
afterAll(async () => {
  await h.close()
  await rm(dir, { recursive: true, force: true })
})

const ops = (): Record<string, number> => ({ ...h.server.counters.operations })
const delta = (before: Record<string, number>, op: string): number =>
  (h.server.counters.operations[op] ?? 0) - (before[op] ?? 0)

/** Starts an upload with a journal and kills it (abort) after `parts` acknowledged parts. */
async function interruptedUpload(key: string, data: Buffer, parts: number): Promise<Journal> {
  const journal = join(dir, `${key}.journal`)
  const controller = new AbortController()
  const crash = new Error('crash')
  let acknowledged = 0
  const client = hookClient(h.client, {
    afterUploadPart: () => {
      if (++acknowledged === parts) controller.abort(crash)
    },
  })
  await expect(
    uploadStream({
      client,
      bucket: BUCKET,
      key,
      body: readableOf(data),
      partSize: PART,
      concurrency: 2,
      limits,
      journal,
      signal: controller.signal,
    }),
  ).rejects.toBe(crash)
  const saved = await readJournal(journal, { limits })
  expect(saved).toBeDefined()
  expect(await openUploads(h.client)).toContain(saved!.uploadId)
  return saved!
}

describe('resume with a journal', () => {
  it('resumes a killed upload, reusing the stored parts, byte-identical', async () => {
    const data = randomData(10 * PART + 33)
    const saved = await interruptedUpload('resumed', data, 4)
    expect(saved.parts.length).toBeGreaterThanOrEqual(3)
    const before = ops()
    const events: UploadEvent[] = []
    const journal = join(dir, 'resumed.journal')
    const result = await uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'resumed',
      body: readableOf(data, 999),
      partSize: PART,
      limits,
      journal,
      onEvent: (e) => events.push(e),
    })
    expect(result.uploadId).toBe(saved.uploadId)
    expectSameBytes(await readObject(h.client, 'resumed'), data)
    expect(delta(before, 'initiateMultipartUpload')).toBe(0)
    expect(delta(before, 'listParts')).toBeGreaterThanOrEqual(1)
    expect(delta(before, 'uploadPart')).toBeLessThanOrEqual(11 - saved.parts.length)
    expect(events).toContainEqual({
      type: 'resumed',
      uploadId: saved.uploadId,
      journaledParts: saved.parts.length,
    })
    expect(existsSync(journal)).toBe(false)
    expect(await openUploads(h.client)).toEqual([])
  })

  it('refuses different input, naming the first differing part, and keeps the upload', async () => {
    const data = randomData(8 * PART)
    const saved = await interruptedUpload('differs', data, 4)
    // Change one byte of a journaled part (which ones got journaled depends on request timing).
    const target = Math.min(...saved.parts.map((p) => p.partNumber))
    const at = (target - 1) * PART + 5
    const changed = Buffer.from(data)
    changed[at] = (changed[at]! + 1) % 256
    const journal = join(dir, 'differs.journal')
    const error = await uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'differs',
      body: readableOf(changed),
      partSize: PART,
      limits,
      journal,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JournalMismatchError)
    expect(error).toMatchObject({ code: 'JSS_ERR_JOURNAL_MISMATCH', partNumber: target })
    expect((error as Error).message).toMatch(new RegExp(`part ${target} `))
    expect(await openUploads(h.client)).toContain(saved.uploadId)
    await h.client.abortMultipartUpload({
      bucket: BUCKET,
      key: 'differs',
      uploadId: saved.uploadId,
    })
    await rm(journal)
  })

  it('refuses input shorter than the journaled parts', async () => {
    const data = randomData(8 * PART)
    const saved = await interruptedUpload('shorter', data, 4)
    const journal = join(dir, 'shorter.journal')
    const error = await uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'shorter',
      body: readableOf(data.subarray(0, PART)),
      partSize: PART,
      limits,
      journal,
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'JSS_ERR_JOURNAL_MISMATCH', partNumber: 2 })
    await h.client.abortMultipartUpload({
      bucket: BUCKET,
      key: 'shorter',
      uploadId: saved.uploadId,
    })
    await rm(journal)
  })

  it('starts over, saying so, when the journaled upload is gone', async () => {
    const data = randomData(6 * PART)
    const saved = await interruptedUpload('gone', data, 2)
    await h.client.abortMultipartUpload({ bucket: BUCKET, key: 'gone', uploadId: saved.uploadId })
    const events: UploadEvent[] = []
    const result = await uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'gone',
      body: readableOf(data),
      partSize: PART,
      limits,
      journal: join(dir, 'gone.journal'),
      onEvent: (e) => events.push(e),
    })
    expect(events.map((e) => e.type)).toEqual(['upload-gone'])
    expect(result.uploadId).not.toBe(saved.uploadId)
    expectSameBytes(await readObject(h.client, 'gone'), data)
    expect(existsSync(join(dir, 'gone.journal'))).toBe(false)
  })

  it('refuses a journal of another object', async () => {
    const data = randomData(4 * PART)
    const saved = await interruptedUpload('mine', data, 2)
    const error = await uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'other',
      body: readableOf(data),
      partSize: PART,
      limits,
      journal: join(dir, 'mine.journal'),
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'JSS_ERR_JOURNAL_MISMATCH', mismatch: 'object' })
    // Running it again would fail the same way: the hint says what to change instead.
    const { message } = error as Error
    expect(message).toContain(join(dir, 'mine.journal'))
    expect(message).toContain(`${BUCKET}/mine, not ${BUCKET}/other`)
    expect(message).toMatch(/use another journal file, or remove this one/)
    expect(message).toContain(saved.uploadId)
    expect(message).not.toMatch(/same data|try again/i)
    await h.client.abortMultipartUpload({ bucket: BUCKET, key: 'mine', uploadId: saved.uploadId })
  })
})

describe('resume with empty input', () => {
  it('refuses an empty input when the journal holds parts', async () => {
    const data = randomData(4 * PART)
    const saved = await interruptedUpload('emptied', data, 2)
    const error = await uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'emptied',
      body: readableOf(Buffer.alloc(0)),
      partSize: PART,
      limits,
      journal: join(dir, 'emptied.journal'),
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'JSS_ERR_JOURNAL_MISMATCH', partNumber: 1 })
    await h.client.abortMultipartUpload({
      bucket: BUCKET,
      key: 'emptied',
      uploadId: saved.uploadId,
    })
  })
})

describe('resume interrupted again', () => {
  it('keeps the journaled parts in the journal until they are replayed', async () => {
    const data = randomData(10 * PART)
    const first = await interruptedUpload('twice', data, 4)
    const journal = join(dir, 'twice.journal')
    const controller = new AbortController()
    const crash = new Error('crash again')
    await expect(
      uploadStream({
        client: hookClient(h.client, { beforeUploadPart: () => controller.abort(crash) }),
        bucket: BUCKET,
        key: 'twice',
        body: readableOf(data),
        partSize: PART,
        limits,
        journal,
        signal: controller.signal,
      }),
    ).rejects.toBe(crash)
    const second = await readJournal(journal, { limits })
    expect(second?.uploadId).toBe(first.uploadId)
    for (const part of first.parts) expect(second?.parts).toContainEqual(part)
    await uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'twice',
      body: readableOf(data),
      partSize: PART,
      limits,
      journal,
    })
    expectSameBytes(await readObject(h.client, 'twice'), data)
  })
})
