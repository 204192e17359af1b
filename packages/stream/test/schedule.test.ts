import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { partSizeAt, resolvePartSchedule, uploadStream } from '../src/index.js'
import {
  BUCKET,
  expectSameBytes,
  type Harness,
  randomData,
  readableOf,
  readObject,
  startHarness,
} from './helpers.js'

const KiB = 1024
const limits = { minPartSize: KiB, maxPartSize: 64 * KiB, maxParts: 20 }
let h: Harness

beforeAll(async () => {
  h = await startHarness(limits)
})
afterAll(() => h.close())

describe('the part schedule: one owner', () => {
  it('reports the schedule it chose, the one resolvePartSchedule gives for the same options', async () => {
    const data = randomData(5 * KiB + 7)
    const result = await uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'planned',
      body: readableOf(data),
      partSize: KiB,
      sizeHint: data.byteLength,
      limits,
    })
    const expected = resolvePartSchedule({ partSize: KiB, sizeHint: data.byteLength, limits })
    expect(result.schedule).toEqual(expected)
    expectSameBytes(await readObject(h.client, 'planned'), data)
  })

  it('cuts the stream with a given schedule and reports it', async () => {
    const schedule = {
      initialPartSize: 2 * KiB,
      firstTierParts: 2,
      tierParts: 1,
      maxPartSize: 8 * KiB,
      maxParts: 20,
    }
    const data = randomData(2 * KiB + 2 * KiB + 4 * KiB + 8 * KiB + 100)
    const result = await uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'given',
      body: readableOf(data, 999),
      schedule,
      limits,
    })
    expect(result.schedule).toEqual(schedule)
    expect(result.parts.map((p) => p.size)).toEqual([2, 2, 4, 8].map((k) => k * KiB).concat(100))
    result.parts.slice(0, -1).forEach((p) => {
      expect(p.size).toBe(partSizeAt(schedule, p.partNumber))
    })
    expectSameBytes(await readObject(h.client, 'given'), data)
  })

  it('reports no schedule for an input cut into parts', async () => {
    const parts = [randomData(2 * KiB), randomData(KiB)]
    const result = await uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'cut',
      parts: Readable.from(parts),
      partSize: KiB,
      limits,
    })
    expect(result.schedule).toBeNull()
    expect(result.parts.map((p) => p.size)).toEqual([2 * KiB, KiB])
  })
})
