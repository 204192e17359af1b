import { getEventListeners } from 'node:events'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  DownloadIntegrityError,
  type DownloadToOptions,
  downloadTo,
  type PartSchedule,
} from '../src/index.js'
import {
  BUCKET,
  corruptObject,
  expectSameBytes,
  type Harness,
  randomData,
  startHarness,
  uploadInParts,
} from './helpers.js'

const PART = 1024
const limits = { minPartSize: PART }
let h: Harness

beforeAll(async () => {
  h = await startHarness({ minPartSize: PART })
})
afterEach(() => h.server.setFaults(undefined))
afterAll(() => h.close())

const upload = (key: string, data: Uint8Array): Promise<PartSchedule | undefined> =>
  uploadInParts(h.client, key, data, PART)

/**
 * Downloads with `downloadTo`, copying each piece as `write` gets it (the block is reused after);
 * answers the bytes, the pieces' sizes, the distinct buffers they came in, and the result.
 */
async function collect(options: Partial<DownloadToOptions> & { key: string }) {
  const copies: Buffer[] = []
  const buffers = new Set<ArrayBufferLike>()
  const result = await downloadTo({
    client: h.client,
    bucket: BUCKET,
    limits,
    write: async (bytes) => {
      buffers.add(bytes.buffer)
      copies.push(Buffer.from(bytes))
      await new Promise((resolve) => setImmediate(resolve))
    },
    ...options,
  })
  return { bytes: Buffer.concat(copies), sizes: copies.map((c) => c.byteLength), buffers, result }
}

const corrupt = (key: string): Promise<void> => corruptObject(h.server, key)

describe('downloadTo', () => {
  for (const size of [0, 1, PART, 9 * PART + 17]) {
    it(`hands ${size} bytes over in order, verified, with and without the schedule`, async () => {
      const data = randomData(size)
      const key = `to/${size}`
      const schedule = await upload(key, data)
      // Ranges finish out of order: they are handed over in order all the same.
      h.server.setFaults('getObject:stall=30ms@0.5')
      for (const hashWorkers of [0, 1]) {
        const along = await collect({ key, schedule, concurrency: 4, partSize: PART, hashWorkers })
        expectSameBytes(along.bytes, data)
        expect(along.result).toMatchObject({ size, bytes: size, verified: true })
      }
      const fixed = await collect({ key, partSize: 700, concurrency: 3 })
      expectSameBytes(fixed.bytes, data)
      expect(fixed.result.verified).toBe(size <= PART)
    })
  }

  it('hands over pieces of at most partSize from a few reused blocks of shared memory', async () => {
    const data = randomData(20 * PART)
    const schedule = await upload('to/blocks', data)
    const { bytes, sizes, buffers, result } = await collect({
      key: 'to/blocks',
      schedule,
      partSize: PART,
      concurrency: 3,
    })
    expectSameBytes(bytes, data)
    expect(result).toMatchObject({ verified: true, verification: 'parts' })
    expect(sizes).toEqual(Array.from({ length: 20 }, () => PART))
    // (concurrency + 1) blocks, in slabs of shared memory: 20 pieces never needed a new one
    for (const buffer of buffers) expect(buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(buffers.size).toBeLessThanOrEqual(4)
  })

  it('verifies parts larger than partSize in pieces, and hands over a range unverified', async () => {
    const data = randomData(7 * PART + 11)
    const schedule = await upload('to/pieces', data)
    const pieces = await collect({ key: 'to/pieces', schedule, partSize: 300, concurrency: 3 })
    expectSameBytes(pieces.bytes, data)
    expect(pieces.result).toMatchObject({ verified: true, verification: 'parts' })
    const range = await collect({
      key: 'to/pieces',
      range: { start: 1000, end: 4999 },
      partSize: 512,
    })
    expectSameBytes(range.bytes, data.subarray(1000, 5000))
    expect(range.result).toMatchObject({ bytes: 4000, verification: 'range' })
  })

  it('resumes ranges cut mid-way, each byte once in its place', async () => {
    const data = randomData(8 * PART + 5)
    const schedule = await upload('to/cut', data)
    h.server.setFaults('getObject:cut=0.4')
    const cuts = h.server.counters.faultsInjected.cut ?? 0
    const { bytes, result } = await collect({ key: 'to/cut', schedule, concurrency: 3 })
    expectSameBytes(bytes, data)
    expect(result).toMatchObject({ verified: true, verification: 'parts' })
    const injected = (h.server.counters.faultsInjected.cut ?? 0) - cuts
    expect(injected).toBeGreaterThan(0)
    expect(result.resumes).toBe(injected)
  })

  it('rejects with the failure of write, never calling it again', async () => {
    const schedule = await upload('to/write-fails', randomData(4 * PART))
    const failure = Object.assign(new Error('EPIPE'), { code: 'EPIPE' })
    let writes = 0
    const error = await downloadTo({
      client: h.client,
      bucket: BUCKET,
      key: 'to/write-fails',
      limits,
      schedule,
      write: async () => {
        writes += 1
        throw failure
      },
    }).catch((e: unknown) => e)
    expect(error).toBe(failure)
    expect(writes).toBe(1)
  })

  it('rejects with a DownloadIntegrityError when the stored bytes changed', async () => {
    const schedule = await upload('to/corrupt', randomData(6 * PART + 3))
    await corrupt('to/corrupt')
    for (const hashWorkers of [0, 1]) {
      const error = await collect({ key: 'to/corrupt', schedule, hashWorkers }).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(DownloadIntegrityError)
      expect(error).toMatchObject({ reason: 'mismatch' })
    }
  })

  it('rejects with signal.reason, leaving no request in flight or listener', async () => {
    const schedule = await upload('to/abort', randomData(16 * PART))
    h.server.setFaults('getObject:stall=2s@0.5')
    const controller = new AbortController()
    const reason = new Error('stop')
    setTimeout(() => controller.abort(reason), 50)
    const error = await collect({ key: 'to/abort', schedule, signal: controller.signal }).catch(
      (e: unknown) => e,
    )
    expect(error).toBe(reason)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
    await expect.poll(() => h.server.counters.requestsInFlight, { timeout: 4000 }).toBe(0)
  })

  it('adds one listener to a signal that many downloads share', async () => {
    const data = randomData(3 * PART)
    const schedule = await upload('to/shared-signal', data)
    const controller = new AbortController()
    let listenersSeen = 0
    const all = Array.from({ length: 16 }, () =>
      collect({
        key: 'to/shared-signal',
        schedule,
        signal: controller.signal,
        write: async () => {
          listenersSeen = Math.max(
            listenersSeen,
            getEventListeners(controller.signal, 'abort').length,
          )
        },
      }),
    )
    await Promise.all(all)
    expect(listenersSeen).toBe(1)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it('rejects with signal.reason while write never settles (a pipe nobody reads)', async () => {
    const schedule = await upload('to/stuck', randomData(6 * PART))
    const controller = new AbortController()
    const reason = new Error('interrupted')
    let writes = 0
    const download = downloadTo({
      client: h.client,
      bucket: BUCKET,
      key: 'to/stuck',
      limits,
      schedule,
      signal: controller.signal,
      write: () => {
        writes += 1
        setTimeout(() => controller.abort(reason), 20)
        return new Promise<void>(() => {})
      },
    })
    await expect(download).rejects.toBe(reason)
    expect(writes).toBe(1)
  })

  it('throws an InvalidOptionError without a write function, before any request', async () => {
    const requests = h.server.counters.requests
    for (const write of [undefined, 1, {}]) {
      await expect(
        downloadTo({ client: h.client, bucket: BUCKET, key: 'k', write: write as never }),
      ).rejects.toMatchObject({ code: 'JSS_ERR_INVALID_OPTION' })
    }
    expect(h.server.counters.requests).toBe(requests)
  })
})
