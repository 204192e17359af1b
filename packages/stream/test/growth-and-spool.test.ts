import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { partSizeAt, planPartSchedule, TooLargeError, uploadStream } from '../src/index.js'
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

const KiB = 1024
// A simulated store: 20 parts of 1 KiB to 64 KiB, like 10,000 parts of 5 MiB to 5 GiB.
const limits = { minPartSize: KiB, maxPartSize: 64 * KiB, maxParts: 20 }
let h: Harness
let spoolDir = ''

beforeAll(async () => {
  h = await startHarness(limits)
  spoolDir = await mkdtemp(join(tmpdir(), 'jss-stream-spool-test-'))
})
afterAll(async () => {
  await h.close()
  await rm(spoolDir, { recursive: true, force: true })
})

describe('part growth and spooling up to the part limit', () => {
  it('grows parts to fit the 20-part limit, spools the ones over the budget, and removes the spool', async () => {
    const schedule = planPartSchedule({ partSize: KiB, limits: { ...limits } })
    let capacity = 0
    for (let n = 1; n <= 20; n++) capacity += partSizeAt(schedule, n)
    const data = randomData(capacity - 500)
    const memoryLimit = 8 * KiB
    const result = await uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'grown',
      body: readableOf(data, 3000),
      partSize: KiB,
      concurrency: 3,
      memoryLimit,
      limits,
      tempDir: spoolDir,
    })
    expectSameBytes(await readObject(h.client, 'grown'), data)
    expect(result.parts).toHaveLength(20)
    const sizes = result.parts.map((p) => p.size)
    expect(sizes.slice(0, 7)).toEqual([1, 2, 4, 8, 16, 32, 64].map((k) => k * KiB))
    expect(sizes.filter((s) => s > memoryLimit).length).toBeGreaterThan(10)
    expect(await readdir(spoolDir)).toEqual([])
  })

  it('fails with TooLarge beyond the capacity and removes the spool', async () => {
    const error = await uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'too-large',
      body: readableOf(randomData(20 * 64 * KiB), 8000),
      partSize: KiB,
      memoryLimit: 8 * KiB,
      limits,
      tempDir: spoolDir,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TooLargeError)
    expect(await openUploads(h.client)).toEqual([])
    expect(await readdir(spoolDir)).toEqual([])
  })

  it('with a size hint uses the smallest constant part size that fits', async () => {
    const data = randomData(100 * KiB)
    const result = await uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'hinted',
      body: readableOf(data),
      partSize: KiB,
      sizeHint: data.byteLength,
      exactSize: true,
      limits,
      tempDir: spoolDir,
    })
    expectSameBytes(await readObject(h.client, 'hinted'), data)
    expect(result.parts.map((p) => p.size)).toEqual(Array(20).fill(5 * KiB))
  })
})
