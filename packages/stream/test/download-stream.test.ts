import { getEventListeners } from 'node:events'
import { existsSync, readdirSync } from 'node:fs'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  DownloadIntegrityError,
  type DownloadStreamOptions,
  downloadStream,
  MAX_RESUMES,
  type PartSchedule,
  RangeIncompleteError,
  RangeNotSatisfiableError,
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

/** Uploads `data` in parts of PART bytes; answers the schedule it was cut with. */
const upload = (key: string, data: Uint8Array): Promise<PartSchedule | undefined> =>
  uploadInParts(h.client, key, data, PART)

/** Twelve downloads of `key` that share one `signal`. */
const downloadsSharing = (signal: AbortSignal, key: string, schedule: PartSchedule | undefined) =>
  Array.from({ length: 12 }, () =>
    downloadStream({ client: h.client, bucket: BUCKET, key, schedule, limits, signal }),
  )

/** Everything a download yields, through `pipeline` into a collecting Writable. */
async function download(options: Partial<DownloadStreamOptions> & { key: string }) {
  const stream = downloadStream({ client: h.client, bucket: BUCKET, limits, ...options })
  const chunks: Buffer[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk)
      callback()
    },
  })
  await pipeline(stream, sink)
  return { bytes: Buffer.concat(chunks), result: await stream.result }
}

/** The process's OS threads (hash workers are threads), or 0 where /proc is missing. */
function threadCount(): number {
  return existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : 0
}

/** Flips one byte of every blob of the stored object `key`. */
const corrupt = (key: string): Promise<void> => corruptObject(h.server, key)

describe('downloadStream', () => {
  for (const size of [0, 1, PART - 1, PART, PART + 1, 5 * PART + 17]) {
    it(`downloads ${size} bytes byte-identical, with and without the schedule`, async () => {
      const data = randomData(size)
      const key = `download/${size}`
      const schedule = await upload(key, data)
      const requests = h.server.counters.requests
      const along = await download({ key, schedule, concurrency: 3, partSize: PART })
      expectSameBytes(along.bytes, data)
      expect(along.result).toMatchObject({ size, verified: true })
      // One GET per part (the first tells the size); an empty object answers that GET 416, then HEAD.
      expect(h.server.counters.requests - requests).toBe(size === 0 ? 2 : Math.ceil(size / PART))
      const fixed = await download({ key, partSize: 700 })
      expectSameBytes(fixed.bytes, data)
      // Without the schedule a multipart ETag cannot be checked; a single PUT's MD5 can.
      expect(fixed.result.verified).toBe(size <= PART)
    })
  }

  it('keeps the order when ranges complete out of order', async () => {
    const data = randomData(12 * PART + 5)
    const schedule = await upload('download/shuffled', data)
    h.server.setFaults('getObject:stall=40ms@0.5')
    const progress: number[] = []
    const { bytes, result } = await download({
      key: 'download/shuffled',
      schedule,
      concurrency: 4,
      onProgress: (p) => progress.push(p.bytes),
    })
    expectSameBytes(bytes, data)
    expect(result.verified).toBe(true)
    expect(h.server.counters.faultsInjected.stall ?? 0).toBeGreaterThan(0)
    expect(progress.at(-1)).toBe(data.byteLength)
    expect([...progress].sort((a, b) => a - b)).toEqual(progress)
  })

  it('resumes a range whose body is cut mid-way', async () => {
    const data = randomData(6 * PART + 3)
    const schedule = await upload('download/cut', data)
    h.server.setFaults('getObject:cut=0.4')
    const cuts = h.server.counters.faultsInjected.cut ?? 0
    const { bytes, result } = await download({ key: 'download/cut', schedule, concurrency: 2 })
    expectSameBytes(bytes, data)
    expect(result.verified).toBe(true)
    expect((h.server.counters.faultsInjected.cut ?? 0) - cuts).toBeGreaterThan(0)
  })

  it('resumes a single GET with a range, and gives up after MAX_RESUMES cuts', async () => {
    const data = randomData(PART - 1)
    await upload('download/cut-single', data)
    h.server.setFaults('getObject:cut=0.5')
    const { bytes, result } = await download({ key: 'download/cut-single' })
    expectSameBytes(bytes, data)
    expect(result.verified).toBe(true)
    h.server.setFaults('getObject:cut=1')
    const gets = h.server.counters.operations.getObject ?? 0
    const offsets: number[] = []
    const error = await download({
      key: 'download/cut-single',
      onResume: (offset) => offsets.push(offset),
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RangeIncompleteError)
    expect(error).toMatchObject({ code: 'JSS_ERR_INCOMPLETE', resumes: MAX_RESUMES, start: 0 })
    expect((error as Error).cause).toBeInstanceOf(Error)
    expect((h.server.counters.operations.getObject ?? 0) - gets).toBe(1 + MAX_RESUMES)
    expect(offsets).toHaveLength(MAX_RESUMES)
  })

  it('reads a range in ranged GETs of partSize, cut to the object, unverified', async () => {
    const data = randomData(10 * PART + 5)
    await upload('download/range', data)
    const gets = h.server.counters.operations.getObject ?? 0
    const progress: number[] = []
    const middle = await download({
      key: 'download/range',
      range: { start: 700, end: 4 * PART + 10 },
      partSize: PART,
      onProgress: (p) => progress.push(p.size),
    })
    expectSameBytes(middle.bytes, data.subarray(700, 4 * PART + 11))
    expect(middle.result).toMatchObject({
      verified: false,
      verification: 'range',
      size: data.length,
    })
    expect(middle.result.bytes).toBe(4 * PART + 11 - 700)
    expect(progress.every((size) => size === 4 * PART + 11 - 700)).toBe(true)
    expect((h.server.counters.operations.getObject ?? 0) - gets).toBe(4)
    const tail = await download({ key: 'download/range', range: { suffix: 100 } })
    expectSameBytes(tail.bytes, data.subarray(data.length - 100))
    const more = await download({ key: 'download/range', range: { suffix: 10 ** 9 } })
    expectSameBytes(more.bytes, data)
    const open = await download({ key: 'download/range', range: { start: 10 * PART } })
    expectSameBytes(open.bytes, data.subarray(10 * PART))
    const past = await download({ key: 'download/range', range: { start: data.length } }).catch(
      (e: unknown) => e,
    )
    expect(past).toBeInstanceOf(RangeNotSatisfiableError)
    expect(past).toMatchObject({ code: 'JSS_ERR_RANGE_NOT_SATISFIABLE', size: data.length })
  })

  it('reads an object of one piece in one request, and an empty one', async () => {
    const data = randomData(PART - 10)
    await upload('download/small', data)
    const requests = h.server.counters.requests
    const { bytes, result } = await download({ key: 'download/small', partSize: PART })
    expectSameBytes(bytes, data)
    expect(result).toMatchObject({ verified: true, verification: 'md5' })
    expect(h.server.counters.requests - requests).toBe(1)
    await upload('download/empty', new Uint8Array(0))
    const empty = await download({ key: 'download/empty' })
    expect(empty.bytes.byteLength).toBe(0)
    expect(empty.result).toMatchObject({ size: 0, verified: true })
  })

  it('reads parts larger than partSize in pieces, verifying each part by a running MD5', async () => {
    const data = randomData(7 * PART + 11)
    const schedule = await upload('download/pieces', data)
    const gets = h.server.counters.operations.getObject ?? 0
    const { bytes, result } = await download({
      key: 'download/pieces',
      schedule,
      partSize: 300,
      concurrency: 3,
    })
    expectSameBytes(bytes, data)
    expect(result).toMatchObject({ verified: true, verification: 'parts' })
    // 7 parts of 1024 bytes in 4 pieces each, and the last part of 11 bytes in one
    expect((h.server.counters.operations.getObject ?? 0) - gets).toBe(7 * 4 + 1)
    await corrupt('download/pieces')
    const error = await download({ key: 'download/pieces', schedule, partSize: 300 }).catch(
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ code: 'JSS_ERR_DOWNLOAD_INTEGRITY', reason: 'mismatch' })
  })

  it('asks a schedule function with the HEAD answer, and verifies along what it answers', async () => {
    const data = randomData(5 * PART + 7)
    const schedule = await upload('download/schedule-fn', data)
    const seen: number[] = []
    const { bytes, result } = await download({
      key: 'download/schedule-fn',
      schedule: (object) => {
        seen.push(object.contentLength)
        return schedule
      },
    })
    expectSameBytes(bytes, data)
    expect(seen).toEqual([data.length])
    expect(result).toMatchObject({ verified: true, verification: 'parts', resumes: 0 })
    const none = await download({ key: 'download/schedule-fn', schedule: () => undefined })
    expect(none.result).toMatchObject({ verified: false, verification: 'unverifiable' })
    const bad = await download({
      key: 'download/schedule-fn',
      schedule: () => ({ ...(schedule as PartSchedule), initialPartSize: 1 }),
    }).catch((e: unknown) => e)
    expect(bad).toMatchObject({ code: 'JSS_ERR_SCHEDULE_INVALID' })
  })

  for (const [name, size] of [
    ['a multipart object along its schedule', 4 * PART + 9],
    ['a single PUT', PART - 3],
  ] as const) {
    it(`fails the integrity check of ${name} changed on disk, never ending normally`, async () => {
      const key = `download/corrupt-${size}`
      const schedule = await upload(key, randomData(size))
      await corrupt(key)
      const stream = downloadStream({ client: h.client, bucket: BUCKET, key, schedule, limits })
      let ended = false
      stream.on('end', () => {
        ended = true
      })
      const error = await pipeline(stream, new Writable({ write: (_c, _e, cb) => cb() })).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(DownloadIntegrityError)
      expect(error).toMatchObject({ code: 'JSS_ERR_DOWNLOAD_INTEGRITY', reason: 'mismatch' })
      await expect(stream.result).rejects.toBe(error)
      expect(ended).toBe(false)
    })
  }

  it('fails when a ranged read answers another ETag (the object was replaced meanwhile)', async () => {
    const schedule = await upload('download/changed', randomData(6 * PART))
    const stream = downloadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'download/changed',
      schedule,
      limits,
      partSize: PART,
      concurrency: 1,
    })
    const chunks = stream[Symbol.asyncIterator]()
    await chunks.next()
    await upload('download/changed', randomData(6 * PART))
    const error = await (async () => {
      for (;;) if ((await chunks.next()).done) return undefined
    })().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DownloadIntegrityError)
    expect(error).toMatchObject({ reason: 'changed' })
  })

  it('aborts mid-way with signal.reason, leaving no request in flight or listener', async () => {
    const data = randomData(16 * PART)
    const schedule = await upload('download/abort', data)
    h.server.setFaults('getObject:stall=2s@0.5')
    const controller = new AbortController()
    const reason = new Error('stop')
    let abortedAt = Number.NaN
    const stream = downloadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'download/abort',
      schedule,
      limits,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytes < 2 * PART || controller.signal.aborted) return
        abortedAt = performance.now()
        controller.abort(reason)
      },
    })
    const error = await pipeline(stream, new Writable({ write: (_c, _e, cb) => cb() })).catch(
      (e: unknown) => e,
    )
    expect(error).toBe(reason)
    await expect(stream.result).rejects.toBe(reason)
    // the stalled GETs in flight (2 s) are abandoned at once
    expect(performance.now() - abortedAt).toBeLessThan(1500)
    await new Promise((resolve) =>
      stream.closed ? resolve(undefined) : stream.once('close', resolve),
    )
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
    // the server finishes a stalled request (2 s) even after the client left it
    await expect.poll(() => h.server.counters.requestsInFlight, { timeout: 4000 }).toBe(0)
  })

  it('adds one listener to a signal that many downloads share, and frees it when they end', async () => {
    const data = randomData(4 * PART)
    const schedule = await upload('download/shared-signal', data)
    const controller = new AbortController()
    const warnings: Error[] = []
    const onWarning = (w: Error): void => {
      warnings.push(w)
    }
    process.on('warning', onWarning)
    try {
      const streams = Array.from({ length: 24 }, () =>
        downloadStream({
          client: h.client,
          bucket: BUCKET,
          key: 'download/shared-signal',
          schedule,
          limits,
          signal: controller.signal,
        }),
      )
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
      const read = streams.map(async (stream) => {
        const chunks: Buffer[] = []
        for await (const chunk of stream) chunks.push(chunk as Buffer)
        return Buffer.concat(chunks)
      })
      for (const bytes of await Promise.all(read)) expectSameBytes(bytes, data)
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
      // Node warns asynchronously: give it a turn
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([])
    } finally {
      process.off('warning', onWarning)
    }
  })

  it('aborts every download that shares the signal', async () => {
    const data = randomData(256 * PART)
    const schedule = await upload('download/shared-abort', data)
    const controller = new AbortController()
    const reason = new Error('stop all')
    const streams = downloadsSharing(controller.signal, 'download/shared-abort', schedule)
    // sinks that never take more than their first chunk: every download is held back, unfinished
    const sinks = streams.map((stream) =>
      pipeline(stream, new Writable({ highWaterMark: 1, write: () => {} })).catch(
        (e: unknown) => e,
      ),
    )
    setTimeout(() => controller.abort(reason), 50)
    expect(await Promise.all(sinks)).toEqual(streams.map(() => reason))
    for (const stream of streams) await expect(stream.result).rejects.toBe(reason)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it('leaves no request in flight on the server when downloads stalled by it are aborted', async () => {
    // Found by this test: a GET whose client left while jss-local was reading its blob waited
    // for a 'drain' that never came, holding the request and its open blobs for good.
    const schedule = await upload('download/stalled-abort', randomData(16 * PART))
    h.server.setFaults('getObject:stall=2s@0.5')
    const controller = new AbortController()
    const reason = new Error('stop all')
    const streams = downloadsSharing(controller.signal, 'download/stalled-abort', schedule)
    const sinks = streams.map((stream) =>
      pipeline(stream, new Writable({ write: (_c, _e, cb) => cb() })).catch((e: unknown) => e),
    )
    setTimeout(() => controller.abort(reason), 50)
    expect(await Promise.all(sinks)).toEqual(streams.map(() => reason))
    // the stalled requests end when their stall does (2 s); none may outlive it
    await expect
      .poll(() => h.server.counters.requestsInFlight, { timeout: 6000, interval: 50 })
      .toBe(0)
  })

  it('stops everything when the reader destroys the stream early', async () => {
    const schedule = await upload('download/destroy', randomData(16 * PART))
    await download({ key: 'download/destroy', schedule }) // warms the libuv thread pool
    const threads = threadCount()
    const stream = downloadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'download/destroy',
      schedule,
      limits,
      concurrency: 2,
    })
    let chunks = 0
    for await (const _chunk of stream) if (++chunks === 3) break
    await expect(stream.result).rejects.toMatchObject({ name: 'AbortError' })
    await expect.poll(() => h.server.counters.requestsInFlight).toBe(0)
    // the hash workers were started (3 parts hashed) and are gone once the stream closed
    await new Promise((resolve) =>
      stream.closed ? resolve(undefined) : stream.once('close', resolve),
    )
    await expect.poll(threadCount).toBeLessThanOrEqual(threads)
  })

  it('holds back when the reader does: at most concurrency + 1 ranges fetched beyond it', async () => {
    const schedule = await upload('download/slow-reader', randomData(16 * PART))
    const gets = h.server.counters.operations.getObject ?? 0
    const stream = downloadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'download/slow-reader',
      schedule,
      limits,
      concurrency: 2,
    })
    const chunks = stream[Symbol.asyncIterator]()
    await chunks.next()
    await new Promise((resolve) => setTimeout(resolve, 300))
    // one range read by the reader, plus at most concurrency + 1 fetched or in flight
    expect((h.server.counters.operations.getObject ?? 0) - gets).toBeLessThanOrEqual(1 + 2 + 1)
    await chunks.return?.()
  })

  it('with verify: false, passes the bytes on unchecked (verified: false)', async () => {
    const data = randomData(3 * PART + 1)
    const schedule = await upload('download/unverified', data)
    const { bytes, result } = await download({
      key: 'download/unverified',
      schedule,
      verify: false,
    })
    expectSameBytes(bytes, data)
    expect(result.verified).toBe(false)
    expect(result.verification).toBe('skipped')
  })

  it('sends nothing for a signal aborted before the start', async () => {
    const requests = h.server.counters.requests
    const reason = new Error('too late')
    const controller = new AbortController()
    controller.abort(reason)
    const error = await download({ key: 'download/never', signal: controller.signal }).catch(
      (e: unknown) => e,
    )
    expect(error).toBe(reason)
    expect(h.server.counters.requests).toBe(requests)
  })

  it('throws an InvalidOptionError for bad options before any request', () => {
    const requests = h.server.counters.requests
    for (const bad of [
      { concurrency: 0 },
      { partSize: 1.5 },
      { verify: 'yes' },
      { key: '' },
      { range: { start: -1 } },
      { range: { start: 5, end: 4 } },
      { range: { suffix: 0 } },
      { range: 'bytes=0-1' },
      { onResume: 1 },
    ]) {
      expect(() =>
        downloadStream({ client: h.client, bucket: BUCKET, key: 'k', ...(bad as object) }),
      ).toThrow(expect.objectContaining({ code: 'JSS_ERR_INVALID_OPTION' }))
    }
    expect(h.server.counters.requests).toBe(requests)
  })
})
