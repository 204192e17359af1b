import { createHash } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { JssClient, StreamedBody } from '@jss/protocol'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  DEFAULT_LIMITS,
  partSizeAt,
  planPartSchedule,
  type UploadProgress,
  uploadStream,
} from '../src/index.js'
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
const PART = 64 * KiB
// Parts start at 64 KiB and grow to 2 MiB within 12 parts: up to 10× the memory budget below.
const limits = { minPartSize: PART, maxPartSize: 2048 * KiB, maxParts: 12 }
const concurrency = 2
const memoryLimit = (concurrency + 1) * PART
// the pool's blocks are one part (64 KiB), and spooled parts are read back one block at a time
const chunk = PART

let h: Harness
let spoolDir = ''
beforeAll(async () => {
  h = await startHarness({ minPartSize: PART, faultSeed: 7 })
  spoolDir = await mkdtemp(join(tmpdir(), 'jss-stream-spool-memory-'))
})
afterAll(async () => {
  await h.close()
  await rm(spoolDir, { recursive: true, force: true })
})
beforeEach(() => h.server.setFaults(undefined))

interface Sent {
  partNumber: number
  streamed: boolean
  size: number
  /** Per attempt: the largest chunk handed to the client and the bytes, for streamed bodies. */
  attempts: { largestChunk: number; bytes: number }[]
}

/** The real client, recording how each part's body was given and read (a wrapper, no mocking). */
function recordingClient(client: JssClient, sent: Sent[]): JssClient {
  return Object.assign(Object.create(client) as JssClient, {
    uploadPart(...[params, options]: Parameters<JssClient['uploadPart']>) {
      const { body } = params
      const record: Sent = { partNumber: params.partNumber, streamed: false, size: 0, attempts: [] }
      sent.push(record)
      if (body instanceof Uint8Array || Array.isArray(body)) {
        const chunks = body instanceof Uint8Array ? [body] : (body as readonly Uint8Array[])
        record.size = chunks.reduce((n, c) => n + c.byteLength, 0)
        return client.uploadPart(params, options)
      }
      const streamed = body as StreamedBody
      record.streamed = true
      record.size = streamed.size
      const observed: StreamedBody = {
        size: streamed.size,
        async *open() {
          const attempt = { largestChunk: 0, bytes: 0 }
          record.attempts.push(attempt)
          for await (const c of streamed.open()) {
            attempt.largestChunk = Math.max(attempt.largestChunk, c.byteLength)
            attempt.bytes += c.byteLength
            yield c
          }
        },
      }
      return client.uploadPart({ ...params, body: observed }, options)
    },
  })
}

describe('spooled parts are streamed from their file', () => {
  it('holds at most memoryLimit + one chunk while parts grow to 10× the budget', async () => {
    const data = randomData(4096 * KiB)
    const sent: Sent[] = []
    let last: UploadProgress | undefined
    const result = await uploadStream({
      client: recordingClient(h.client, sent),
      bucket: BUCKET,
      key: 'spooled',
      body: readableOf(data, 10_000),
      partSize: PART,
      concurrency,
      limits,
      sha256: true,
      tempDir: spoolDir,
      onProgress: (p) => {
        last = p
      },
    })
    expectSameBytes(await readObject(h.client, 'spooled'), data)
    expect(result.sha256).toBe(createHash('sha256').update(data).digest('hex'))
    const spooled = sent.filter((s) => s.streamed)
    expect(Math.max(...spooled.map((s) => s.size))).toBeGreaterThanOrEqual(10 * memoryLimit)
    // exactly the parts planned larger than the budget were spooled (the last may come out shorter)
    const schedule = planPartSchedule({ partSize: PART, limits: { ...DEFAULT_LIMITS, ...limits } })
    expect(spooled.map((s) => s.partNumber)).toEqual(
      result.parts
        .filter((p) => partSizeAt(schedule, p.partNumber) > memoryLimit)
        .map((p) => p.partNumber),
    )
    for (const s of spooled) {
      expect(s.attempts).toHaveLength(1)
      expect(s.attempts[0]?.bytes).toBe(s.size)
      expect(s.attempts[0]?.largestChunk).toBe(chunk)
    }
    // the uploader's own count: pooled blocks (in-memory parts and spool writes) + spool chunks
    expect(last?.peakBytesInMemory).toBeLessThanOrEqual(memoryLimit + chunk)
    expect(last?.peakBytesInMemory).toBeGreaterThanOrEqual(chunk)
    expect(last?.bytesInMemory).toBe(0)
    expect(await readdir(spoolDir)).toEqual([])
  })

  it('replays a spooled part from its file when an attempt fails', async () => {
    h.server.setFaults('uploadPart:reset=0.3')
    const data = randomData(2000 * KiB)
    const sent: Sent[] = []
    let last: UploadProgress | undefined
    await uploadStream({
      client: recordingClient(h.client, sent),
      bucket: BUCKET,
      key: 'spooled-retried',
      body: readableOf(data, 30_000),
      partSize: PART,
      concurrency,
      limits,
      tempDir: spoolDir,
      onProgress: (p) => {
        last = p
      },
    })
    h.server.setFaults(undefined)
    expectSameBytes(await readObject(h.client, 'spooled-retried'), data)
    const retried = sent.filter((s) => s.streamed && s.attempts.length > 1)
    expect(retried.length).toBeGreaterThan(0)
    // every attempt read the file from its start: the one that went through read all of it
    for (const s of retried) expect(s.attempts.at(-1)?.bytes).toBe(s.size)
    expect(last?.peakBytesInMemory).toBeLessThanOrEqual(memoryLimit + chunk)
    expect(await readdir(spoolDir)).toEqual([])
  })

  it('sends a spooled single part (memoryLimit under partSize) as one streamed PUT', async () => {
    const data = randomData(100 * KiB)
    const result = await uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'spooled-single',
      body: readableOf(data),
      partSize: 128 * KiB,
      memoryLimit: 32 * KiB,
      limits,
      tempDir: spoolDir,
    })
    expect(result.parts).toEqual([])
    expect(result.etag).toBe(createHash('md5').update(data).digest('hex'))
    expectSameBytes(await readObject(h.client, 'spooled-single'), data)
    expect(await readdir(spoolDir)).toEqual([])
  })
})
