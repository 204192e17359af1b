import { getEventListeners } from 'node:events'
import { mkdir, open, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  DownloadIntegrityError,
  type DownloadStreamOptions,
  downloadFile,
  downloadStream,
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
let dir: string

beforeAll(async () => {
  h = await startHarness({ minPartSize: PART })
  dir = join(tmpdir(), `download-file-${process.pid}-${Date.now()}`)
  await mkdir(dir, { recursive: true })
})
afterEach(() => h.server.setFaults(undefined))
afterAll(async () => {
  await h.close()
  await rm(dir, { recursive: true, force: true })
})

const upload = (key: string, data: Uint8Array): Promise<PartSchedule | undefined> =>
  uploadInParts(h.client, key, data, PART)

let files = 0
/** Downloads into a new file; answers its bytes and the result. */
async function toFile(options: Partial<DownloadStreamOptions> & { key: string }) {
  const path = join(dir, `f${files++}`)
  const file = await open(path, 'wx')
  try {
    const result = await downloadFile({
      client: h.client,
      bucket: BUCKET,
      limits,
      file,
      ...options,
    })
    return { bytes: await readFile(path), result }
  } finally {
    await file.close()
  }
}

/** Flips one byte of every blob of the stored object `key`. */
const corrupt = (key: string): Promise<void> => corruptObject(h.server, key)

describe('downloadFile', () => {
  for (const size of [0, 1, PART, 9 * PART + 17]) {
    it(`writes ${size} bytes at their offsets, verified, with and without the schedule`, async () => {
      const data = randomData(size)
      const key = `file/${size}`
      const schedule = await upload(key, data)
      // Ranges finish out of order: each is written where it belongs.
      h.server.setFaults('getObject:stall=30ms@0.5')
      const along = await toFile({ key, schedule, concurrency: 4, partSize: PART })
      expectSameBytes(along.bytes, data)
      expect(along.result).toMatchObject({ size, bytes: size, verified: true })
      const fixed = await toFile({ key, partSize: 700, concurrency: 3 })
      expectSameBytes(fixed.bytes, data)
      expect(fixed.result.verified).toBe(size <= PART)
    })
  }

  it('writes a range from offset 0 of the file, and parts larger than partSize in pieces', async () => {
    const data = randomData(7 * PART + 11)
    const schedule = await upload('file/pieces', data)
    const pieces = await toFile({ key: 'file/pieces', schedule, partSize: 300, concurrency: 3 })
    expectSameBytes(pieces.bytes, data)
    expect(pieces.result).toMatchObject({ verified: true, verification: 'parts' })
    const range = await toFile({
      key: 'file/pieces',
      range: { start: 1000, end: 4999 },
      partSize: 512,
    })
    expectSameBytes(range.bytes, data.subarray(1000, 5000))
    expect(range.result).toMatchObject({ bytes: 4000, verification: 'range' })
  })

  it('resumes ranges cut mid-way, writing each byte once where it belongs, in both hashings', async () => {
    const data = randomData(8 * PART + 5)
    const schedule = await upload('file/cut', data)
    for (const hashWorkers of [0, 1]) {
      h.server.setFaults('getObject:cut=0.4')
      const cuts = h.server.counters.faultsInjected.cut ?? 0
      const { bytes, result } = await toFile({
        key: 'file/cut',
        schedule,
        concurrency: 3,
        hashWorkers,
      })
      expectSameBytes(bytes, data)
      expect(result).toMatchObject({ verified: true, verification: 'parts' })
      const injected = (h.server.counters.faultsInjected.cut ?? 0) - cuts
      expect(injected).toBeGreaterThan(0)
      expect(result.resumes).toBe(injected)
    }
  })

  it('fails with the error of the file when a write fails, never resuming it', async () => {
    const schedule = await upload('file/write-fails', randomData(4 * PART))
    const failure = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })
    let writes = 0
    const file = {
      write: async () => {
        writes += 1
        throw failure
      },
    }
    const error = await downloadFile({
      client: h.client,
      bucket: BUCKET,
      key: 'file/write-fails',
      limits,
      schedule,
      file: file as never,
    }).catch((e: unknown) => e)
    expect(error).toBe(failure)
    expect(writes).toBeLessThanOrEqual(4) // one per range in flight at most: no retry of a write
  })

  it('rejects with a DownloadIntegrityError when the stored bytes changed', async () => {
    const schedule = await upload('file/corrupt', randomData(6 * PART + 3))
    await corrupt('file/corrupt')
    for (const hashWorkers of [0, 1]) {
      const error = await toFile({ key: 'file/corrupt', schedule, hashWorkers }).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(DownloadIntegrityError)
      expect(error).toMatchObject({ reason: 'mismatch' })
    }
  })

  it('rejects with signal.reason, leaving no request in flight or listener', async () => {
    const schedule = await upload('file/abort', randomData(16 * PART))
    h.server.setFaults('getObject:stall=2s@0.5')
    const controller = new AbortController()
    const reason = new Error('stop')
    setTimeout(() => controller.abort(reason), 50)
    const error = await toFile({ key: 'file/abort', schedule, signal: controller.signal }).catch(
      (e: unknown) => e,
    )
    expect(error).toBe(reason)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
    // the server finishes a stalled request (2 s) even after the client left it
    await expect.poll(() => h.server.counters.requestsInFlight, { timeout: 4000 }).toBe(0)
  })

  it('throws an InvalidOptionError without a writable file, before any request', async () => {
    const requests = h.server.counters.requests
    for (const file of [undefined, {}, { write: 1 }]) {
      await expect(
        downloadFile({ client: h.client, bucket: BUCKET, key: 'k', file: file as never }),
      ).rejects.toMatchObject({ code: 'JSS_ERR_INVALID_OPTION' })
    }
    expect(h.server.counters.requests).toBe(requests)
  })
})

describe('downloadStream with hashWorkers: 0 (MD5 on the main thread)', () => {
  it('verifies along the schedule, whole parts and parts of several pieces', async () => {
    const data = randomData(7 * PART + 11)
    const schedule = await upload('main-thread/pieces', data)
    for (const partSize of [PART, 300]) {
      const stream = downloadStream({
        client: h.client,
        bucket: BUCKET,
        key: 'main-thread/pieces',
        schedule,
        limits,
        partSize,
        hashWorkers: 0,
      })
      const chunks: Buffer[] = []
      const collect = new Writable({
        write: (chunk: Buffer, _encoding, callback) => {
          chunks.push(chunk)
          callback()
        },
      })
      await pipeline(stream, collect)
      expectSameBytes(Buffer.concat(chunks), data)
      expect(await stream.result).toMatchObject({ verified: true, verification: 'parts' })
    }
    await corrupt('main-thread/pieces')
    const stream = downloadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'main-thread/pieces',
      schedule,
      limits,
      hashWorkers: 0,
    })
    const error = await pipeline(stream, new Writable({ write: (_c, _e, cb) => cb() })).catch(
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ code: 'JSS_ERR_DOWNLOAD_INTEGRITY', reason: 'mismatch' })
  })

  it('refuses a hashWorkers that is not a non-negative integer', () => {
    for (const hashWorkers of [-1, 1.5, '2']) {
      expect(() =>
        downloadStream({
          client: h.client,
          bucket: BUCKET,
          key: 'k',
          hashWorkers: hashWorkers as never,
        }),
      ).toThrow(expect.objectContaining({ code: 'JSS_ERR_INVALID_OPTION' }))
    }
  })
})
