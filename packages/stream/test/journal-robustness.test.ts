import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_LIMITS,
  type Journal,
  JournalInvalidError,
  JssStreamError,
  planPartSchedule,
  uploadStream,
} from '../src/index.js'
import {
  BUCKET,
  expectSameBytes,
  type Harness,
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
  dir = await mkdtemp(join(tmpdir(), 'jss-stream-journal-robustness-'))
})
afterAll(async () => {
  await h.close()
  await rm(dir, { recursive: true, force: true })
})

const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex')

/** An open upload of `key` holding the first `parts` parts of `data`, and its journal. */
async function journaledUpload(key: string, data: Buffer, parts: number): Promise<Journal> {
  const schedule = planPartSchedule({
    partSize: PART,
    limits: { ...DEFAULT_LIMITS, ...limits },
  })
  const { uploadId } = await h.client.initiateMultipartUpload({ bucket: BUCKET, key })
  const journaled = []
  for (let n = 1; n <= parts; n++) {
    const body = data.subarray((n - 1) * PART, n * PART)
    const contentMd5 = md5(body)
    await h.client.uploadPart({ bucket: BUCKET, key, uploadId, partNumber: n, body, contentMd5 })
    journaled.push({ partNumber: n, size: body.byteLength, md5: contentMd5 })
  }
  return { version: 1, bucket: BUCKET, key, uploadId, schedule, parts: journaled }
}

async function abortOpen(): Promise<void> {
  const page = await h.client.listMultipartUploads({ bucket: BUCKET })
  await Promise.all(
    page.uploads.map((u) =>
      h.client.abortMultipartUpload({ bucket: BUCKET, key: u.key, uploadId: u.uploadId }),
    ),
  )
}

describe('a malformed journal', () => {
  it('with the schedule {} is refused at once, naming the file and the field', async () => {
    // This journal used to pass, make the part size NaN and spin the splitter in microtasks.
    const data = randomData(3 * PART + 10)
    const saved = await journaledUpload('empty-schedule', data, 1)
    const path = join(dir, 'empty-schedule.journal')
    await writeFile(path, JSON.stringify({ ...saved, schedule: {} }))
    const before = h.server.counters.requests
    const error = await uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'empty-schedule',
      body: readableOf(data),
      partSize: PART,
      limits,
      journal: path,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JournalInvalidError)
    expect(error).toMatchObject({ field: 'schedule.initialPartSize' })
    expect((error as Error).message).toContain(path)
    expect(h.server.counters.requests).toBe(before)
    expect(existsSync(path)).toBe(true)
    await abortOpen()
  })

  it('of any shape is refused with JSS_ERR_JOURNAL_INVALID, or resumes correctly', async () => {
    const data = randomData(3 * PART + 100)
    // JSON text: numbers JSON.stringify cannot write (1e400 reads as Infinity) are tried too
    const raw = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.constantFrom('1e400', '-1e400', '1e308', '9007199254740993', '-1', '0', '1.5'),
      fc.constantFrom('"1024"', '""', 'null', 'true', '{}', '[]', '"NaN"'),
      fc.integer({ min: -2, max: 3 * PART }).map(String),
    )
    const fields = [
      'version',
      'bucket',
      'key',
      'uploadId',
      'schedule',
      'parts',
      'schedule.initialPartSize',
      'schedule.firstTierParts',
      'schedule.tierParts',
      'schedule.maxPartSize',
      'schedule.maxParts',
      'parts.0',
      'parts.1',
      'parts.0.partNumber',
      'parts.1.size',
      'parts.0.md5',
    ]
    const mutations = fc.array(
      fc.record({ field: fc.constantFrom(...fields), value: fc.option(raw, { nil: undefined }) }),
      { maxLength: 2 }, // none: the valid journal itself
    )
    let n = 0
    const outcomes = new Map<string, number>()
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          raw.map((text) => ({ text })),
          mutations,
        ),
        async (shape) => {
          const key = `any-${++n}`
          const path = join(dir, `${key}.journal`)
          const saved = await journaledUpload(key, data, 2)
          const text = 'text' in shape ? shape.text : mutate(saved, shape)
          await writeFile(path, text)
          const outcome = await uploadStream({
            client: h.client,
            bucket: BUCKET,
            key,
            body: readableOf(data),
            partSize: PART,
            limits,
            journal: path,
          }).then(
            (result) => ({ result }),
            (error: unknown) => ({ error }),
          )
          try {
            if ('result' in outcome) {
              expect(outcome.result.size).toBe(data.byteLength)
              expectSameBytes(await readObject(h.client, key), data)
              expect(existsSync(path)).toBe(false)
              outcomes.set('resumed', (outcomes.get('resumed') ?? 0) + 1)
              return
            }
            const { error } = outcome
            expect(error).toBeInstanceOf(JssStreamError)
            const { code, message } = error as JssStreamError
            outcomes.set(code, (outcomes.get(code) ?? 0) + 1)
            if (code === 'JSS_ERR_JOURNAL_INVALID') {
              expect(message).toContain(path)
              const { field } = error as JournalInvalidError
              if (field !== undefined) expect(message).toContain(field.replace(/^schedule\./, ''))
            } else {
              // a well-formed journal that does not fit this upload: refused as such
              expect(code).toBe('JSS_ERR_JOURNAL_MISMATCH')
            }
          } finally {
            await abortOpen()
            await rm(path, { force: true })
          }
        },
      ),
      { seed: 23, numRuns: 60 },
    )
    expect(outcomes.get('JSS_ERR_JOURNAL_INVALID')).toBeGreaterThan(10)
    expect(outcomes.get('resumed')).toBeGreaterThan(0)
    expect(await openUploads(h.client)).toEqual([])
  }, 120_000)
})

/** `journal` as JSON with each field set to the given JSON text (or removed). */
function mutate(
  journal: Journal,
  mutations: readonly { field: string; value: string | undefined }[],
): string {
  const copy = JSON.parse(JSON.stringify(journal)) as Record<string, unknown>
  const raws: string[] = []
  for (const { field, value } of mutations) {
    const names = field.split('.')
    const last = names.pop() as string
    let target: Record<string, unknown> | undefined = copy
    for (const name of names) {
      const next: unknown = target?.[name]
      target =
        typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : undefined
    }
    if (target === undefined) continue
    if (value === undefined) delete target[last]
    else target[last] = `@raw${raws.push(value) - 1}@`
  }
  return JSON.stringify(copy).replace(/"@raw(\d+)@"/g, (_, i: string) => raws[Number(i)] as string)
}
