import { getEventListeners } from 'node:events'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { uploadStream } from '../src/index.js'
import {
  BUCKET,
  type Harness,
  hookClient,
  openUploads,
  randomData,
  readableOf,
  startHarness,
} from './helpers.js'

const PART = 1024
const limits = { minPartSize: PART }
let h: Harness

beforeAll(async () => {
  h = await startHarness({ minPartSize: PART })
})
afterEach(() => h.server.setFaults(undefined))
afterAll(() => h.close())

/** An endless source that never waits: every chunk is ready at once. */
function endless(chunk: Uint8Array): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) yield chunk
    },
  }
}

/** Rejects with `reason` once `signal` aborts; answers the milliseconds from the abort. */
async function timeToSettle(upload: Promise<unknown>, abortAt: () => number): Promise<number> {
  const error = await upload.then(
    () => new Error('the upload succeeded'),
    (e: unknown) => e,
  )
  if (error instanceof Error && error.message === 'the upload succeeded') throw error
  return performance.now() - abortAt()
}

// Timing goals belong to benchmarks: the bounds are generous; a hang fails on the test timeout.
describe('an abort always ends an upload in bounded time', () => {
  it('of an endless source that never waits (the reader yields to timers)', async () => {
    const controller = new AbortController()
    const reason = new Error('stop')
    let abortedAt = Number.NaN
    setTimeout(() => {
      abortedAt = performance.now()
      controller.abort(reason)
    }, 300)
    const upload = uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'endless',
      body: endless(randomData(64 * 1024)),
      partSize: 16 * PART,
      limits,
      signal: controller.signal,
    })
    await expect(upload).rejects.toBe(reason)
    expect(await timeToSettle(upload, () => abortedAt)).toBeLessThan(3000)
    expect(await openUploads(h.client)).toEqual([])
  }, 15_000)

  it('while the server stalls every part', async () => {
    h.server.setFaults('uploadPart:stall=30s@1')
    const controller = new AbortController()
    const reason = new Error('stop')
    let abortedAt = Number.NaN
    const client = hookClient(h.client, {
      beforeUploadPart: (n) => {
        if (n === 2) {
          setTimeout(() => {
            abortedAt = performance.now()
            controller.abort(reason)
          }, 100)
        }
      },
    })
    const upload = uploadStream({
      client,
      bucket: BUCKET,
      key: 'stalled',
      body: readableOf(randomData(40 * PART)),
      partSize: PART,
      limits,
      signal: controller.signal,
    })
    await expect(upload).rejects.toBe(reason)
    expect(await timeToSettle(upload, () => abortedAt)).toBeLessThan(3000)
  }, 15_000)
})

describe('abort listener hygiene', () => {
  it('keeps the listeners on the signals bounded over 300 parts', async () => {
    const controller = new AbortController()
    const counts: { caller: number; upload: number }[] = []
    const client = Object.assign(Object.create(h.client) as typeof h.client, {
      uploadPart(...args: Parameters<typeof h.client.uploadPart>) {
        const signal = args[1]?.signal
        counts.push({
          caller: getEventListeners(controller.signal, 'abort').length,
          upload: signal ? getEventListeners(signal, 'abort').length : 0,
        })
        return h.client.uploadPart(...args)
      },
    })
    const parts = 300
    const result = await uploadStream({
      client,
      bucket: BUCKET,
      key: 'many-parts',
      body: readableOf(randomData(parts * PART), 4096),
      partSize: PART,
      concurrency: 4,
      limits,
      signal: controller.signal,
    })
    expect(result.parts).toHaveLength(parts)
    expect(counts).toHaveLength(parts)
    // one listener of the upload on the caller's signal; none left after it
    expect(Math.max(...counts.map((c) => c.caller))).toBe(1)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
    // the upload's own signal: a few per part in flight, never growing with the part count
    const peak = Math.max(...counts.map((c) => c.upload))
    expect(peak).toBeLessThanOrEqual(16)
    const late = Math.max(...counts.slice(-100).map((c) => c.upload))
    const early = Math.max(...counts.slice(0, 100).map((c) => c.upload))
    expect(late).toBeLessThanOrEqual(early + 2)
  }, 60_000)
})
