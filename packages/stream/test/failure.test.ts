import { Readable } from 'node:stream'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { SizeMismatchError, TooLargeError, uploadStream } from '../src/index.js'
import {
  BUCKET,
  type Harness,
  hookClient,
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

const ops = (): Record<string, number> => ({ ...h.server.counters.operations })
const delta = (before: Record<string, number>, op: string): number =>
  (h.server.counters.operations[op] ?? 0) - (before[op] ?? 0)

describe('failure and abort', () => {
  it('on abort: cancels in-flight parts, stops reading, aborts the upload, rejects with the reason', async () => {
    h.server.setFaults('uploadPart:stall=10s@1')
    const controller = new AbortController()
    const reason = new Error('user pressed ctrl-c')
    const client = hookClient(h.client, {
      beforeUploadPart: (n) => {
        if (n === 2) setTimeout(() => controller.abort(reason), 20)
      },
    })
    const body = readableOf(randomData(40 * PART))
    const before = ops()
    await expect(
      uploadStream({
        client,
        bucket: BUCKET,
        key: 'aborted',
        body,
        partSize: PART,
        limits,
        signal: controller.signal,
      }),
    ).rejects.toBe(reason)
    expect(body.destroyed).toBe(true)
    expect(await openUploads(h.client)).toEqual([])
    expect(delta(before, 'abortMultipartUpload')).toBe(1)
    expect(delta(before, 'completeMultipartUpload')).toBe(0)
    expect(delta(before, 'uploadPart')).toBeLessThanOrEqual(5)
  })

  it('on abort during Initiate: lets it finish, then aborts the upload it created', async () => {
    h.server.setFaults('initiateMultipartUpload:stall=300ms@1')
    const controller = new AbortController()
    const reason = new Error('aborted while initiating')
    const before = ops()
    const upload = uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'aborted-initiate',
      body: readableOf(randomData(10 * PART)),
      partSize: PART,
      limits,
      signal: controller.signal,
    })
    const stalls = h.server.counters.faultsInjected.stall ?? 0
    await expect.poll(() => h.server.counters.faultsInjected.stall ?? 0).toBeGreaterThan(stalls)
    controller.abort(reason)
    await expect(upload).rejects.toBe(reason)
    expect(delta(before, 'initiateMultipartUpload')).toBe(1)
    expect(delta(before, 'uploadPart')).toBe(0)
    // The upload the server created after the abort is not left behind.
    expect(await openUploads(h.client)).toEqual([])
    expect(delta(before, 'abortMultipartUpload')).toBe(1)
  })

  it('reads the next parts while the Initiate is in flight, and sends them once it answers', async () => {
    h.server.setFaults('initiateMultipartUpload:stall=2s@1')
    const data = randomData(10 * PART)
    let pulled = 0
    // pushes one 256-byte chunk per read, nothing ahead of the reader (highWaterMark 1)
    const body = new Readable({
      highWaterMark: 1,
      read() {
        const chunk = data.subarray(pulled, pulled + 256)
        pulled += chunk.byteLength
        this.push(chunk.byteLength > 0 ? chunk : null)
      },
    })
    const before = ops()
    const upload = uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'overlap',
      body,
      partSize: PART,
      limits,
    })
    const stalls = h.server.counters.faultsInjected.stall ?? 0
    await expect.poll(() => h.server.counters.faultsInjected.stall ?? 0).toBeGreaterThan(stalls)
    // while the server holds the Initiate, the parts after the first are read (and hashed)
    await expect.poll(() => pulled, { timeout: 1500 }).toBeGreaterThanOrEqual(3 * PART)
    expect(delta(before, 'uploadPart')).toBe(0)
    const result = await upload
    expect(result.parts).toHaveLength(10)
    expect((await readObject(h.client, 'overlap')).equals(data)).toBe(true)
  })

  it('gives up on an Initiate that outlasts abortTimeout after the abort (the upload it may create is unknown)', async () => {
    h.server.setFaults('initiateMultipartUpload:stall=2s@1')
    const controller = new AbortController()
    const reason = new Error('no more waiting')
    const upload = uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'slow-initiate',
      body: readableOf(randomData(10 * PART)),
      partSize: PART,
      limits,
      abortTimeout: 100,
      signal: controller.signal,
    })
    const stalls = h.server.counters.faultsInjected.stall ?? 0
    await expect.poll(() => h.server.counters.faultsInjected.stall ?? 0).toBeGreaterThan(stalls)
    controller.abort(reason)
    await expect(upload).rejects.toBe(reason)
    // Rejected while the server still stalls; the upload it creates afterwards is cleaned up here.
    expect(await openUploads(h.client)).toEqual([])
    await expect.poll(() => openUploads(h.client), { timeout: 5000 }).toHaveLength(1)
    for (const uploadId of await openUploads(h.client)) {
      await h.client.abortMultipartUpload({ bucket: BUCKET, key: 'slow-initiate', uploadId })
    }
  })

  it('rejects at once, without a request, when the signal is already aborted', async () => {
    const before = h.server.counters.requests
    const reason = new Error('too late')
    await expect(
      uploadStream({
        client: h.client,
        bucket: BUCKET,
        key: 'never',
        body: readableOf(randomData(10)),
        signal: AbortSignal.abort(reason),
      }),
    ).rejects.toBe(reason)
    expect(h.server.counters.requests).toBe(before)
  })

  it('on a lasting server error: rejects with it, never completes, aborts the upload', async () => {
    h.server.setFaults('uploadPart:500=1')
    const before = ops()
    await expect(
      uploadStream({
        client: h.client,
        bucket: BUCKET,
        key: 'broken',
        body: readableOf(randomData(6 * PART)),
        partSize: PART,
        limits,
      }),
    ).rejects.toMatchObject({ code: 'InternalError' })
    expect(await openUploads(h.client)).toEqual([])
    expect(delta(before, 'completeMultipartUpload')).toBe(0)
  })

  it('refuses parts whose ETag does not match what was sent', async () => {
    h.server.setFaults('uploadPart:etag=1')
    await expect(
      uploadStream({
        client: h.client,
        bucket: BUCKET,
        key: 'bad-etag',
        body: readableOf(randomData(3 * PART)),
        partSize: PART,
        limits,
      }),
    ).rejects.toThrow(/ETag|MD5/)
    expect(await openUploads(h.client)).toEqual([])
  })

  it('a wrong final ETag fails the upload; the completed upload is gone, so no abort-failed', async () => {
    h.server.setFaults('completeMultipartUpload:etag=1')
    const events: string[] = []
    await expect(
      uploadStream({
        client: h.client,
        bucket: BUCKET,
        key: 'bad-final-etag',
        body: readableOf(randomData(3 * PART)),
        partSize: PART,
        limits,
        onEvent: (event) => events.push(event.type),
      }),
    ).rejects.toThrow(/ETag/)
    expect(events).toEqual([])
    expect(await openUploads(h.client)).toEqual([])
  })

  it('keeps the parts with leavePartsOnError', async () => {
    h.server.setFaults('completeMultipartUpload:500=1')
    await expect(
      uploadStream({
        client: h.client,
        bucket: BUCKET,
        key: 'kept',
        body: readableOf(randomData(3 * PART)),
        partSize: PART,
        limits,
        leavePartsOnError: true,
      }),
    ).rejects.toMatchObject({ code: 'InternalError' })
    const open = await openUploads(h.client)
    expect(open).toHaveLength(1)
    await h.client.abortMultipartUpload({ bucket: BUCKET, key: 'kept', uploadId: open[0]! })
  })

  for (const [name, size] of [
    ['shorter', 3 * PART],
    ['longer', 5 * PART],
    ['shorter, in one PUT', 10],
  ] as const) {
    it(`fails and aborts when the stream is ${name} than an exact size hint`, async () => {
      const before = ops()
      const error = await uploadStream({
        client: h.client,
        bucket: BUCKET,
        key: `exact-${size}`,
        body: readableOf(randomData(size)),
        partSize: PART,
        limits,
        sizeHint: 4 * PART,
        exactSize: true,
      }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(SizeMismatchError)
      expect(error).toMatchObject({ code: 'JSS_ERR_SIZE_MISMATCH', expected: 4 * PART })
      expect(await openUploads(h.client)).toEqual([])
      expect(delta(before, 'completeMultipartUpload') + delta(before, 'putObject')).toBe(0)
    })
  }

  it('fails with TooLarge past the last part and aborts', async () => {
    const small = await startHarness({ minPartSize: PART, maxParts: 4, maxPartSize: 2 * PART })
    try {
      const error = await uploadStream({
        client: small.client,
        bucket: BUCKET,
        key: 'huge',
        body: readableOf(randomData(20 * PART)),
        partSize: PART,
        limits: { minPartSize: PART, maxParts: 4, maxPartSize: 2 * PART },
      }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TooLargeError)
      expect(await openUploads(small.client)).toEqual([])
      expect(small.server.counters.operations.completeMultipartUpload ?? 0).toBe(0)
    } finally {
      await small.close()
    }
  })

  it('settles when the source fails, with the source error', async () => {
    const boom = new Error('disk on fire')
    const body = new Readable({ read() {} })
    body.push(randomData(3 * PART))
    setTimeout(() => body.destroy(boom), 50)
    await expect(
      uploadStream({ client: h.client, bucket: BUCKET, key: 'src', body, partSize: PART, limits }),
    ).rejects.toBe(boom)
    expect(await openUploads(h.client)).toEqual([])
  })
})
