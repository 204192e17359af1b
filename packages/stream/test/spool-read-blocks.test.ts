import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { JssClient, StreamedBody } from '@jss/protocol'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type UploadProgress, uploadStream } from '../src/index.js'
import { SPOOL_READ_CHUNK_SIZE } from '../src/parts/read-spool.js'
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
// Blocks of 256 KiB (one part), four times the 64 KiB a spooled part reads into its own buffers.
const PART = 256 * KiB
// Parts double every part from 256 KiB to 8 MiB: past 2 MiB they are spooled.
const limits = { minPartSize: PART, maxPartSize: 8192 * KiB, maxParts: 12 }
const concurrency = 2
const memoryLimit = 8 * PART

let h: Harness
let spoolDir = ''
beforeAll(async () => {
  h = await startHarness({ minPartSize: PART, faultSeed: 11 })
  spoolDir = await mkdtemp(join(tmpdir(), 'jss-stream-spool-blocks-'))
})
afterAll(async () => {
  await h.close()
  await rm(spoolDir, { recursive: true, force: true })
})
beforeEach(() => h.server.setFaults(undefined))

interface Attempt {
  largestChunk: number
  bytes: number
  /** A copy of what the attempt yielded: what the server was sent. */
  chunks: Buffer[]
}

/** The real client, recording the attempts of streamed (spooled) parts (a wrapper, no mocking). */
function recordingClient(client: JssClient, spooled: Map<number, Attempt[]>): JssClient {
  return Object.assign(Object.create(client) as JssClient, {
    uploadPart(...[params, options]: Parameters<JssClient['uploadPart']>) {
      const { body } = params
      if (body instanceof Uint8Array || Array.isArray(body)) {
        return client.uploadPart(params, options)
      }
      const streamed = body as StreamedBody
      const attempts: Attempt[] = []
      spooled.set(params.partNumber, attempts)
      const observed: StreamedBody = {
        size: streamed.size,
        async *open() {
          const attempt: Attempt = { largestChunk: 0, bytes: 0, chunks: [] }
          attempts.push(attempt)
          for await (const c of streamed.open()) {
            attempt.largestChunk = Math.max(attempt.largestChunk, c.byteLength)
            attempt.bytes += c.byteLength
            attempt.chunks.push(Buffer.from(c))
            yield c
          }
        },
      }
      return client.uploadPart({ ...params, body: observed }, options)
    },
  })
}

describe('spooled parts read back through free pooled blocks', () => {
  it('sends them a block at a time, within the memory limit', async () => {
    const data = randomData(12 * 1024 * KiB)
    const spooled = new Map<number, Attempt[]>()
    let last: UploadProgress | undefined
    const result = await uploadStream({
      client: recordingClient(h.client, spooled),
      bucket: BUCKET,
      key: 'blocks',
      body: readableOf(data, 50_000),
      partSize: PART,
      concurrency,
      memoryLimit,
      limits,
      tempDir: spoolDir,
      onProgress: (p) => {
        last = p
      },
    })
    expectSameBytes(await readObject(h.client, 'blocks'), data)
    expect(result.size).toBe(data.byteLength)
    expect(spooled.size).toBeGreaterThan(0)
    for (const [partNumber, attempts] of spooled) {
      const part = result.parts.find((p) => p.partNumber === partNumber)
      expect(attempts).toHaveLength(1)
      expect(attempts[0]?.bytes).toBe(part?.size)
      // one block per read, not the 64 KiB of a part's own buffers
      expect(attempts[0]?.largestChunk).toBe(PART)
    }
    expect(PART).toBeGreaterThan(SPOOL_READ_CHUNK_SIZE)
    // the read blocks are the pool's: nothing beyond the limit
    expect(last?.peakBytesInMemory).toBeLessThanOrEqual(memoryLimit)
    expect(last?.bytesInMemory).toBe(0)
    expect(await readdir(spoolDir)).toEqual([])
  })

  it('replays a failed spooled part from its file with identical bytes', async () => {
    // connections reset mid-body, and answers whose ETag is not the MD5 sent (a retried mismatch)
    h.server.setFaults('uploadPart:reset=0.3,etag=0.2')
    const data = randomData(12 * 1024 * KiB)
    const spooled = new Map<number, Attempt[]>()
    let last: UploadProgress | undefined
    const result = await uploadStream({
      client: recordingClient(h.client, spooled),
      bucket: BUCKET,
      key: 'blocks-retried',
      body: readableOf(data, 50_000),
      partSize: PART,
      concurrency,
      memoryLimit,
      limits,
      tempDir: spoolDir,
      onProgress: (p) => {
        last = p
      },
    })
    h.server.setFaults(undefined)
    expectSameBytes(await readObject(h.client, 'blocks-retried'), data)
    const retried = [...spooled].filter(([, attempts]) => attempts.length > 1)
    expect(retried.length).toBeGreaterThan(0)
    for (const [partNumber, attempts] of retried) {
      const part = result.parts.find((p) => p.partNumber === partNumber)!
      const offset = result.parts
        .filter((p) => p.partNumber < partNumber)
        .reduce((n, p) => n + p.size, 0)
      const expected = data.subarray(offset, offset + part.size)
      // the attempt that went through sent the part's bytes, read afresh from the file
      expectSameBytes(Buffer.concat(attempts.at(-1)!.chunks), expected)
      // a failed attempt sent a prefix of the same bytes (a reset cuts the body short)
      for (const attempt of attempts.slice(0, -1)) {
        const sent = Buffer.concat(attempt.chunks)
        expectSameBytes(sent, expected.subarray(0, sent.byteLength))
      }
    }
    expect(last?.peakBytesInMemory).toBeLessThanOrEqual(memoryLimit)
    expect(last?.bytesInMemory).toBe(0)
    expect(await readdir(spoolDir)).toEqual([])
  })

  it('aborts the upload and removes the spool when the caller aborts while a spooled part is sent', async () => {
    const data = randomData(12 * 1024 * KiB)
    const controller = new AbortController()
    const spooled = new Map<number, Attempt[]>()
    const client = recordingClient(h.client, spooled)
    const hooked = Object.assign(Object.create(client) as JssClient, {
      uploadPart(...args: Parameters<JssClient['uploadPart']>) {
        const [params] = args
        const sent = client.uploadPart(...args)
        // abort once the first spooled part is on its way
        if (!(params.body instanceof Uint8Array || Array.isArray(params.body))) {
          setImmediate(() => controller.abort(new Error('stop')))
        }
        return sent
      },
    })
    await expect(
      uploadStream({
        client: hooked,
        bucket: BUCKET,
        key: 'blocks-aborted',
        body: readableOf(data, 50_000),
        partSize: PART,
        concurrency,
        memoryLimit,
        limits,
        tempDir: spoolDir,
        signal: controller.signal,
      }),
    ).rejects.toThrow('stop')
    expect(spooled.size).toBeGreaterThan(0)
    expect(await openUploads(h.client)).toEqual([])
    expect(await readdir(spoolDir)).toEqual([])
  })
})
