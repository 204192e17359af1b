import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { JssLocal } from 'jss-local'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RequestEvent } from '../src/client-options.js'
import { JssBodyError, JssInvalidArgumentError } from '../src/errors.js'
import type { JssClient } from '../src/jss-client.js'
import type { StreamedBody } from '../src/streamed-body.js'
import { clientOf, md5, startServer } from './helpers.js'

let jss: JssLocal
let client: JssClient
let events: RequestEvent[]
let onEvent: ((e: RequestEvent) => void) | undefined
let dir = ''
beforeAll(async () => {
  jss = await startServer()
  client = clientOf(jss, {
    onRequest: (e) => {
      events.push(e)
      onEvent?.(e)
    },
  })
  dir = await mkdtemp(join(tmpdir(), 'jss-protocol-streamed-'))
})
afterAll(async () => {
  await client.close()
  await jss.close()
  await rm(dir, { recursive: true, force: true })
})
beforeEach(() => {
  events = []
  onEvent = undefined
  jss.setFaults(undefined)
})

/** A streamed body over `data` in chunks of `chunk` bytes that records every open and first byte. */
function recordedBody(data: Uint8Array, chunk: number, declared = data.byteLength) {
  const opens: { firstByteAt: number; pulled: number; closed: boolean }[] = []
  const body: StreamedBody = {
    size: declared,
    async *open() {
      const record = { firstByteAt: -1, pulled: 0, closed: false }
      opens.push(record)
      try {
        for (let at = 0; at < data.byteLength; at += chunk) {
          if (record.firstByteAt < 0) record.firstByteAt = at
          const piece = data.subarray(at, at + chunk)
          record.pulled += piece.byteLength
          yield piece
        }
      } finally {
        record.closed = true
      }
    },
  }
  return { body, opens }
}

async function readObject(key: string): Promise<Buffer> {
  const { body } = await client.getObject({ bucket: 'test', key })
  const chunks: Buffer[] = []
  for await (const chunk of body) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

async function storedParts(key: string, uploadId: string): Promise<number> {
  let n = 0
  for await (const _ of client.paginateParts({ bucket: 'test', key, uploadId })) n++
  return n
}

describe('streamed bodies', () => {
  it('a part streamed from a file lands byte-identical, with Content-MD5 checked', async () => {
    const data = randomBytes(300_000)
    const path = join(dir, 'part.bin')
    await writeFile(path, data)
    const key = 'streamed-file'
    const { uploadId } = await client.initiateMultipartUpload({ bucket: 'test', key })
    const body: StreamedBody = {
      size: data.byteLength,
      open: () => createReadStream(path, { highWaterMark: 64 * 1024 }),
    }
    const { etag } = await client.uploadPart({
      bucket: 'test',
      key,
      uploadId,
      partNumber: 1,
      body,
      contentMd5: md5(data),
    })
    expect(etag).toBe(md5(data))
    await client.completeMultipartUpload({
      bucket: 'test',
      key,
      uploadId,
      parts: [{ partNumber: 1, etag }],
      expectedSize: data.byteLength,
    })
    expect(Buffer.compare(await readObject(key), data)).toBe(0)
  })

  it('putObject takes a streamed body too', async () => {
    const data = randomBytes(70_001)
    const { body, opens } = recordedBody(data, 8192)
    const { etag } = await client.putObject({
      bucket: 'test',
      key: 'streamed-put',
      body,
      contentMd5: md5(data),
    })
    expect(etag).toBe(md5(data))
    expect(opens).toEqual([{ firstByteAt: 0, pulled: data.byteLength, closed: true }])
    expect(Buffer.compare(await readObject('streamed-put'), data)).toBe(0)
  })

  it('an empty streamed body stores an empty object', async () => {
    const { body, opens } = recordedBody(new Uint8Array(0), 10)
    const { etag } = await client.putObject({ bucket: 'test', key: 'streamed-empty', body })
    expect(etag).toBe(md5(new Uint8Array(0)))
    expect(opens).toHaveLength(1)
    expect((await readObject('streamed-empty')).byteLength).toBe(0)
  })

  for (const fault of ['reset=1', '503=1', '500=1']) {
    it(`a retry after ${fault} replays the body from its first byte`, async () => {
      const data = randomBytes(200_000)
      const key = `replay-${fault}`
      const { uploadId } = await client.initiateMultipartUpload({ bucket: 'test', key })
      const { body, opens } = recordedBody(data, 16 * 1024)
      jss.setFaults(`uploadPart:${fault}`)
      // the first attempt meets the fault; every later one goes through
      onEvent = (e) => {
        if (e.operation === 'uploadPart' && e.error !== undefined) jss.setFaults(undefined)
      }
      const { etag } = await client.uploadPart({
        bucket: 'test',
        key,
        uploadId,
        partNumber: 1,
        body,
        contentMd5: md5(data),
      })
      expect(etag).toBe(md5(data))
      const attempts = events.filter((e) => e.operation === 'uploadPart')
      expect(attempts.map((e) => e.attempt)).toEqual([1, 2])
      expect(attempts[0]?.error).toBeDefined()
      expect(opens).toHaveLength(2)
      expect(opens.every((o) => o.firstByteAt === 0 && o.closed)).toBe(true)
      expect(opens[1]?.pulled).toBe(data.byteLength)
      const done = await client.completeMultipartUpload({
        bucket: 'test',
        key,
        uploadId,
        parts: [{ partNumber: 1, etag }],
      })
      expect(done.key).toBe(key)
      expect(Buffer.compare(await readObject(key), data)).toBe(0)
    })
  }

  it('a body shorter than its size fails with JSS_ERR_BODY_LENGTH, once, storing nothing', async () => {
    const data = randomBytes(50_000)
    const key = 'short'
    const { uploadId } = await client.initiateMultipartUpload({ bucket: 'test', key })
    const { body, opens } = recordedBody(data, 10_000, data.byteLength + 1)
    const error = await client
      .uploadPart({ bucket: 'test', key, uploadId, partNumber: 1, body })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JssBodyError)
    expect(error).toMatchObject({
      code: 'JSS_ERR_BODY_LENGTH',
      expected: data.byteLength + 1,
      actual: data.byteLength,
      attempts: 1,
      retryable: false,
    })
    expect(opens).toHaveLength(1)
    expect(await storedParts(key, uploadId)).toBe(0)
  })

  it('a body longer than its size fails with JSS_ERR_BODY_LENGTH before the excess is sent', async () => {
    const data = randomBytes(50_000)
    const key = 'long'
    const { uploadId } = await client.initiateMultipartUpload({ bucket: 'test', key })
    const { body, opens } = recordedBody(data, 10_000, 25_000)
    const error = await client
      .uploadPart({ bucket: 'test', key, uploadId, partNumber: 1, body })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JssBodyError)
    expect(error).toMatchObject({ code: 'JSS_ERR_BODY_LENGTH', expected: 25_000, actual: 30_000 })
    expect(opens).toEqual([{ firstByteAt: 0, pulled: 30_000, closed: true }])
    expect(await storedParts(key, uploadId)).toBe(0)
  })

  it('a failing source is JSS_ERR_BODY with the cause, not retried', async () => {
    const key = 'missing-file'
    const { uploadId } = await client.initiateMultipartUpload({ bucket: 'test', key })
    const body: StreamedBody = { size: 10, open: () => createReadStream(join(dir, 'nope')) }
    const error = await client
      .uploadPart({ bucket: 'test', key, uploadId, partNumber: 1, body })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JssBodyError)
    expect(error).toMatchObject({ code: 'JSS_ERR_BODY', attempts: 1, cause: { code: 'ENOENT' } })
  })

  it('an abort while the body is sent rejects with signal.reason and closes the source', async () => {
    const key = 'aborted'
    const { uploadId } = await client.initiateMultipartUpload({ bucket: 'test', key })
    const controller = new AbortController()
    const reason = { why: 'stop now' }
    let closed = false
    const body: StreamedBody = {
      size: 1_000_000,
      async *open() {
        try {
          yield new Uint8Array(100_000)
          controller.abort(reason)
          for (let i = 0; i < 9; i++) yield new Uint8Array(100_000)
        } finally {
          closed = true
        }
      },
    }
    await expect(
      client.uploadPart(
        { bucket: 'test', key, uploadId, partNumber: 1, body },
        { signal: controller.signal },
      ),
    ).rejects.toBe(reason)
    // the sender stops pulling at its next step and closes the source
    await vi.waitFor(() => expect(closed).toBe(true))
    expect(events.filter((e) => e.operation === 'uploadPart')).toHaveLength(1)
  })

  it('refuses a streamed body without a valid size before any request', async () => {
    const before = jss.counters.requests
    for (const size of [-1, 1.5, Number.NaN, '10']) {
      const body = { size, open: () => (async function* () {})() } as unknown as StreamedBody
      await expect(
        client.uploadPart({ bucket: 'test', key: 'k', uploadId: 'u', partNumber: 1, body }),
      ).rejects.toBeInstanceOf(JssInvalidArgumentError)
    }
    expect(jss.counters.requests).toBe(before)
  })
})
