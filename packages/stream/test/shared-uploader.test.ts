import { createHash } from 'node:crypto'
import { getEventListeners } from 'node:events'
import { existsSync, readdirSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { JssClient } from '@jss/protocol'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  createUploader,
  InvalidOptionError,
  type Uploader,
  UploaderClosedError,
} from '../src/index.js'
import {
  BUCKET,
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

beforeAll(async () => {
  h = await startHarness({ minPartSize: PART })
})
afterEach(() => h.server.setFaults(undefined))
afterAll(() => h.close())

/** Threads of this process (Linux), 0 elsewhere. */
function threadCount(): number {
  return existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : 0
}

/** Runs one upload through an uploader of its own, closed after: warms what is not the uploader's. */
async function warmUp(): Promise<void> {
  await stat('.')
  const uploader = createUploader({ client: h.client, hashWorkers: 1, limits })
  try {
    await uploader.upload({
      bucket: BUCKET,
      key: 'warm-up',
      body: readableOf(randomData(3 * PART)),
      partSize: PART,
    })
  } finally {
    await uploader.close()
  }
}

/** Samples `read()` every few milliseconds until `stop()`; answers the highest value seen. */
function sampleMax(read: () => number): { stop(): number } {
  let max = read()
  const timer = setInterval(() => {
    max = Math.max(max, read())
  }, 2)
  return {
    stop() {
      clearInterval(timer)
      return Math.max(max, read())
    },
  }
}

/** `gc()`, exposed at run time (the suite runs without `--expose-gc`). */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

/** `data` in chunks of `chunkSize`, each after `delay` ms. */
async function* slowSource(data: Uint8Array, chunkSize: number, delay: number) {
  for (let i = 0; i < data.byteLength; i += chunkSize) {
    await sleep(delay)
    yield data.subarray(i, i + chunkSize)
  }
}

/** The client, whose uploadPart fails (not retryably) for part `partNumber` of `key`. */
function failingFor(client: JssClient, key: string, partNumber: number): JssClient {
  return Object.assign(Object.create(client) as JssClient, {
    uploadPart(...args: Parameters<JssClient['uploadPart']>) {
      const [params] = args
      if (params.key === key && params.partNumber === partNumber) {
        return Promise.reject(new Error(`part ${partNumber} of ${key} refused`))
      }
      return client.uploadPart(...args)
    },
  })
}

/** The client, calling `onPart(key)` after each part it stored. */
function recordingParts(client: JssClient, onPart: (key: string) => void): JssClient {
  return Object.assign(Object.create(client) as JssClient, {
    async uploadPart(...args: Parameters<JssClient['uploadPart']>) {
      const result = await client.uploadPart(...args)
      onPart(args[0].key)
      return result
    },
  })
}

describe('createUploader: shared pool, workers and request limit', () => {
  it('32 uploads needing 10× the budget all complete, within the budget and a constant thread count', async () => {
    h.server.setFaults('uploadPart:stall=5ms@1')
    await warmUp()
    const threadsBefore = threadCount()
    const memoryLimit = 3 * PART
    const uploader = createUploader({
      client: h.client,
      memoryLimit,
      hashWorkers: 2,
      concurrency: 4,
      limits,
    })
    const threads = sampleMax(threadCount)
    h.server.counters.peakPartsInFlight = 0
    const inputs = Array.from({ length: 32 }, () => randomData(4 * PART + 100))
    try {
      const results = await Promise.all(
        inputs.map((data, i) =>
          uploader.upload({
            bucket: BUCKET,
            key: `many-${i}`,
            // chunks smaller than a part: every upload gathers each part in several writes
            body: readableOf(data, 300),
            partSize: PART,
          }),
        ),
      )
      expect(results.map((r) => r.size)).toEqual(inputs.map((d) => d.byteLength))
      for (const [i, data] of inputs.entries()) {
        expect((await readObject(h.client, `many-${i}`)).equals(data)).toBe(true)
      }
      // one pool for all: 32 parts at once would need more than 10× it
      expect(uploader.memory.budget).toBe(memoryLimit)
      expect(uploader.memory.peakPooledBytes).toBeLessThanOrEqual(memoryLimit)
      expect(uploader.memory.peakPooledBytes).toBeGreaterThanOrEqual(PART)
      expect(uploader.memory.pooledBytes).toBe(0)
      // one request limit for all
      expect(h.server.counters.peakPartsInFlight).toBeLessThanOrEqual(4)
      expect(h.server.counters.peakPartsInFlight).toBeGreaterThan(1)
    } finally {
      await uploader.close()
    }
    // at most the 2 MD5 workers, whatever the number of uploads
    if (threadsBefore > 0) {
      expect(threads.stop() - threadsBefore).toBeLessThanOrEqual(2)
      // a worker's thread leaves /proc/self/task a moment after it exited
      await expect.poll(threadCount, { timeout: 5000 }).toBeLessThanOrEqual(threadsBefore)
    }
    expect(await openUploads(h.client)).toEqual([])
  })

  it('spools parts larger than the shared pool, for several uploads at once', async () => {
    const memoryLimit = 2 * PART
    const uploader = createUploader({ client: h.client, memoryLimit, concurrency: 2, limits })
    const inputs = Array.from({ length: 4 }, () => randomData(3 * 4 * PART + 10))
    try {
      await Promise.all(
        inputs.map((data, i) =>
          uploader.upload({
            bucket: BUCKET,
            key: `spooled-${i}`,
            body: readableOf(data, 700),
            partSize: 4 * PART,
          }),
        ),
      )
      for (const [i, data] of inputs.entries()) {
        expect((await readObject(h.client, `spooled-${i}`)).equals(data)).toBe(true)
      }
      expect(uploader.memory.peakPooledBytes).toBeLessThanOrEqual(memoryLimit)
      // a spooled part takes every request slot: one is sent at a time, through its two spool
      // chunks (of one block here) beyond the pool
      expect(uploader.memory.peakBytes).toBeLessThanOrEqual(memoryLimit + 2 * memoryLimit)
    } finally {
      await uploader.close()
    }
  })

  it('serves the uploads in turn: a fast one does not hold back slow ones', async () => {
    h.server.setFaults('uploadPart:stall=5ms@1')
    const acknowledged: string[] = []
    const client = recordingParts(h.client, (key) => acknowledged.push(key))
    const uploader = createUploader({ client, memoryLimit: 3 * PART, concurrency: 2, limits })
    const fast = randomData(40 * PART)
    const slow = Array.from({ length: 3 }, () => randomData(4 * PART))
    try {
      await Promise.all([
        uploader.upload({ bucket: BUCKET, key: 'fast', body: readableOf(fast), partSize: PART }),
        ...slow.map((data, i) =>
          uploader.upload({
            bucket: BUCKET,
            key: `slow-${i}`,
            body: slowSource(data, 512, 5),
            partSize: PART,
          }),
        ),
      ])
      const fastDone = acknowledged.lastIndexOf('fast')
      for (let i = 0; i < 3; i++) {
        // every slow upload had parts stored while the fast one was still under way
        expect(acknowledged.indexOf(`slow-${i}`)).toBeLessThan(fastDone)
        expect(acknowledged.filter((k) => k === `slow-${i}`)).toHaveLength(4)
      }
      // and the fast one was not starved by the slow ones: it went on between their parts
      const firstSlowDone = Math.min(...[0, 1, 2].map((i) => acknowledged.lastIndexOf(`slow-${i}`)))
      expect(
        acknowledged.slice(0, firstSlowDone).filter((k) => k === 'fast').length,
      ).toBeGreaterThan(1)
      expect((await readObject(h.client, 'fast')).equals(fast)).toBe(true)
    } finally {
      await uploader.close()
    }
  })

  it('a failing upload aborts cleanly and gives its blocks back; the others complete', async () => {
    h.server.setFaults('uploadPart:stall=5ms@1')
    const client = failingFor(h.client, 'bad', 2)
    const uploader = createUploader({ client, memoryLimit: 3 * PART, concurrency: 3, limits })
    const inputs = Array.from({ length: 5 }, () => randomData(6 * PART))
    try {
      const settled = await Promise.allSettled(
        inputs.map((data, i) =>
          uploader.upload({
            bucket: BUCKET,
            key: i === 2 ? 'bad' : `good-${i}`,
            body: readableOf(data),
            partSize: PART,
          }),
        ),
      )
      expect(settled.map((s) => s.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'rejected',
        'fulfilled',
        'fulfilled',
      ])
      expect(String((settled[2] as PromiseRejectedResult).reason)).toMatch(/part 2 of bad refused/)
      for (const i of [0, 1, 3, 4]) {
        expect((await readObject(h.client, `good-${i}`)).equals(inputs[i]!)).toBe(true)
      }
      expect(await openUploads(h.client)).toEqual([])
      expect(uploader.memory.pooledBytes).toBe(0)
      expect(uploader.memory.bytes).toBe(0)
      expect(uploader.memory.peakPooledBytes).toBeLessThanOrEqual(3 * PART)
    } finally {
      await uploader.close()
    }
  })

  it('a stalled source holds one part of the pool; the others complete; its abort leaves nothing', async () => {
    const uploader = createUploader({
      client: h.client,
      memoryLimit: 3 * PART,
      concurrency: 2,
      limits,
    })
    const stop = new AbortController()
    let delivered = 0
    /** Two parts and a half, then nothing until the abort. */
    async function* stalledSource(): AsyncGenerator<Uint8Array> {
      const data = randomData(2 * PART + PART / 2)
      for (let i = 0; i < data.byteLength; i += PART / 4) {
        delivered += PART / 4
        yield data.subarray(i, i + PART / 4)
      }
      await new Promise<never>(() => {})
    }
    try {
      const stalled = uploader.upload({
        bucket: BUCKET,
        key: 'stalled',
        body: stalledSource(),
        partSize: PART,
        signal: stop.signal,
      })
      stalled.catch(() => {})
      await expect.poll(() => delivered, { timeout: 5000 }).toBe(2 * PART + PART / 2)
      // the stalled upload's half-built part keeps one part's blocks; the rest of the pool serves
      // uploads that need four times the whole pool
      const inputs = Array.from({ length: 4 }, () => randomData(3 * PART))
      await Promise.all(
        inputs.map((data, i) =>
          uploader.upload({
            bucket: BUCKET,
            key: `beside-stalled-${i}`,
            body: readableOf(data),
            partSize: PART,
          }),
        ),
      )
      for (const [i, data] of inputs.entries()) {
        expect((await readObject(h.client, `beside-stalled-${i}`)).equals(data)).toBe(true)
      }
      expect(uploader.memory.pooledBytes).toBe(PART)
      expect(uploader.active).toBe(1)
      const reason = new Error('the caller gave up on the stalled source')
      stop.abort(reason)
      await expect(stalled).rejects.toBe(reason)
      expect(await openUploads(h.client)).toEqual([])
      expect(uploader.memory.pooledBytes).toBe(0)
      expect(uploader.memory.peakPooledBytes).toBeLessThanOrEqual(3 * PART)
    } finally {
      await uploader.close()
    }
  })

  it('an upload under way holds a small heap overhead: 128 more waiting uploads, sharing one signal, add under 64 KiB each', async () => {
    const collect = exposeGc()
    const uploader = createUploader({
      client: h.client,
      memoryLimit: 2 * PART,
      concurrency: 2,
      limits,
    })
    const stop = new AbortController()
    const uploads: Promise<unknown>[] = []
    let delivered = 0
    /** A quarter of a part, then nothing until the abort. */
    async function* waitingSource(): AsyncGenerator<Uint8Array> {
      delivered++
      yield randomData(PART / 4)
      await new Promise<never>(() => {})
    }
    /** Starts `count` more waiting uploads; the heap in use once they all read and a full GC ran. */
    const heapWith = async (count: number): Promise<number> => {
      for (let i = 0; i < count; i++) {
        const upload = uploader.upload({
          bucket: BUCKET,
          key: `waiting-${uploads.length}`,
          body: waitingSource(),
          partSize: PART,
          signal: stop.signal,
        })
        upload.catch(() => {})
        uploads.push(upload)
      }
      await expect.poll(() => delivered, { timeout: 10_000 }).toBe(uploads.length)
      await sleep(100)
      collect()
      return process.memoryUsage().heapUsed
    }
    try {
      const base = await heapWith(8)
      const more = await heapWith(128)
      expect(uploader.active).toBe(136)
      // one listener on the shared signal, not one per upload (Node warns past 10)
      expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1)
      expect((more - base) / 128).toBeLessThan(64 * 1024)
      expect(uploader.memory.peakPooledBytes).toBeLessThanOrEqual(2 * PART)
      const reason = new Error('the callers gave up')
      stop.abort(reason)
      for (const upload of uploads) await expect(upload).rejects.toBe(reason)
      expect(await openUploads(h.client)).toEqual([])
      expect(uploader.memory.pooledBytes).toBe(0)
    } finally {
      stop.abort(new Error('the test ended')) // no-op once aborted; else frees a failed run
      await uploader.close()
    }
  })

  it('keeps one SHA-256 per upload on the shared worker', async () => {
    const uploader = createUploader({ client: h.client, concurrency: 3, limits })
    const inputs = Array.from({ length: 3 }, (_, i) => randomData((i + 2) * PART + 7))
    try {
      const results = await Promise.all(
        inputs.map((data, i) =>
          uploader.upload({
            bucket: BUCKET,
            key: `sha-${i}`,
            body: readableOf(data),
            partSize: PART,
            sha256: true,
          }),
        ),
      )
      for (const [i, data] of inputs.entries()) {
        expect(results[i]!.sha256).toBe(createHash('sha256').update(data).digest('hex'))
      }
    } finally {
      await uploader.close()
    }
  })

  it('close() waits for the uploads under way, then refuses new ones', async () => {
    h.server.setFaults('uploadPart:stall=30ms@1')
    const uploader = createUploader({ client: h.client, concurrency: 2, limits })
    const data = randomData(5 * PART)
    const running = uploader.upload({
      bucket: BUCKET,
      key: 'closing',
      body: readableOf(data),
      partSize: PART,
    })
    expect(uploader.active).toBe(1)
    await uploader.close()
    expect(uploader.active).toBe(0)
    expect((await running).size).toBe(data.byteLength)
    const refused = uploader.upload({ bucket: BUCKET, key: 'late', body: readableOf(data) })
    await expect(refused).rejects.toBeInstanceOf(UploaderClosedError)
    await expect(refused).rejects.toMatchObject({ code: 'JSS_ERR_UPLOADER_CLOSED' })
  })

  it('destroy() aborts every upload (nothing left behind) and frees the workers', async () => {
    await warmUp()
    h.server.setFaults('uploadPart:stall=10s@1')
    const threadsBefore = threadCount()
    const uploader = createUploader({ client: h.client, concurrency: 4, hashWorkers: 1, limits })
    const uploads = Array.from({ length: 3 }, (_, i) =>
      uploader.upload({
        bucket: BUCKET,
        key: `destroyed-${i}`,
        body: readableOf(randomData(20 * PART)),
        partSize: PART,
      }),
    )
    for (const u of uploads) u.catch(() => {})
    await sleep(200)
    const reason = new Error('shutting down')
    await uploader.destroy(reason)
    for (const u of uploads) await expect(u).rejects.toBe(reason)
    expect(await openUploads(h.client)).toEqual([])
    expect(uploader.memory.pooledBytes).toBe(0)
    if (threadsBefore > 0) {
      await expect.poll(threadCount, { timeout: 5000 }).toBeLessThanOrEqual(threadsBefore)
    }
    await expect(
      uploader.upload({ bucket: BUCKET, key: 'after', body: readableOf(randomData(10)) }),
    ).rejects.toBeInstanceOf(UploaderClosedError)
  })

  it('checks every option before any I/O', async () => {
    const before = h.server.counters.requests
    expect(() => createUploader({ client: h.client, concurrency: 0 })).toThrow(InvalidOptionError)
    expect(() => createUploader({ client: h.client, memoryLimit: -1 })).toThrow(InvalidOptionError)
    expect(() => createUploader({ client: h.client, hashWorkers: 1.5 })).toThrow(InvalidOptionError)
    expect(() => createUploader({ client: {} as JssClient })).toThrow(InvalidOptionError)
    expect(() => createUploader(null as never)).toThrow(InvalidOptionError)
    const uploader: Uploader = createUploader({ client: h.client, limits })
    try {
      const body = readableOf(randomData(10))
      await expect(
        uploader.upload({ bucket: BUCKET, key: 'k', body, concurrency: 2 } as never),
      ).rejects.toBeInstanceOf(InvalidOptionError)
      await expect(uploader.upload({ bucket: '', key: 'k', body })).rejects.toBeInstanceOf(
        InvalidOptionError,
      )
      await expect(uploader.upload({ bucket: BUCKET, key: 'k' })).rejects.toBeInstanceOf(
        InvalidOptionError,
      )
      expect(h.server.counters.requests).toBe(before)
    } finally {
      await uploader.close()
    }
  })
})
