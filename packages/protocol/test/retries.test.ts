import type { JssLocal } from 'jss-local'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RequestEvent } from '../src/client-options.js'
import { JssIntegrityError, JssServiceError } from '../src/errors.js'
import type { JssClient } from '../src/jss-client.js'
import { bytes, clientOf, md5, startServer } from './helpers.js'

// the same retries in both dialects (jss-local injects its faults in the dialect a request speaks)
describe.each(['jss', 's3'] as const)('%s dialect', (dialect) => {
  let jss: JssLocal
  let client: JssClient
  let events: RequestEvent[]
  beforeAll(async () => {
    jss = await startServer()
    client = clientOf(jss, { onRequest: (e) => events.push(e), connections: 4, dialect })
  })
  afterAll(async () => {
    await client.close()
    await jss.close()
  })
  beforeEach(() => {
    events = []
    jss.setFaults(undefined)
  })

  async function uploadParts(key: string, count: number, withMd5: boolean): Promise<string> {
    const { uploadId } = await client.initiateMultipartUpload({ bucket: 'test', key })
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const text = `part-${i + 1}-`.repeat(3)
        const body = [bytes(text.slice(0, 5)), bytes(text.slice(5))]
        const { etag } = await client.uploadPart({
          bucket: 'test',
          key,
          uploadId,
          partNumber: i + 1,
          body,
          contentMd5: withMd5 ? md5(text) : undefined,
        })
        expect(etag).toBe(md5(text))
      }),
    )
    return uploadId
  }

  async function storedParts(key: string, uploadId: string): Promise<string[]> {
    const parts = []
    for await (const p of client.paginateParts({ bucket: 'test', key, uploadId }))
      parts.push(p.etag)
    return parts
  }

  describe('retries under jss-local fault injection', () => {
    it('30% 503 SlowDown on upload part: every part lands, attempts are counted', async () => {
      jss.setFaults('uploadPart:503=0.3')
      const before = jss.counters.operations.uploadPart ?? 0
      const uploadId = await uploadParts('slowdown', 24, false)
      jss.setFaults(undefined)
      const expected = Array.from({ length: 24 }, (_, i) => md5(`part-${i + 1}-`.repeat(3)))
      expect(await storedParts('slowdown', uploadId)).toEqual(expected)
      const partEvents = events.filter((e) => e.operation === 'uploadPart')
      const failed = partEvents.filter((e) => e.status === 503)
      expect(failed.length).toBeGreaterThan(0)
      expect(
        failed.every((e) => e.error instanceof JssServiceError && e.error.code === 'SlowDown'),
      ).toBe(true)
      expect(partEvents.length).toBe(24 + failed.length)
      expect(jss.counters.operations.uploadPart).toBe(before + partEvents.length)
      expect(Math.max(...partEvents.map((e) => e.attempt))).toBeGreaterThan(1)
    })

    it('500s and connection resets mid-body on upload part: every part lands', async () => {
      jss.setFaults('uploadPart:500=0.15,reset=0.15')
      const uploadId = await uploadParts('resets', 16, true)
      jss.setFaults(undefined)
      expect(await storedParts('resets', uploadId)).toHaveLength(16)
      const codes = new Set(
        events.map((e) => (e.error as { code?: string } | undefined)?.code).filter(Boolean),
      )
      expect(codes).toContain('InternalError')
      expect(codes).toContain('JSS_ERR_SOCKET')
    })

    it('a wrong ETag (the data was corrupted) is retried and then is an integrity error', async () => {
      jss.setFaults('uploadPart:etag=0.3')
      await uploadParts('etags', 12, true)
      expect(events.some((e) => e.error instanceof JssIntegrityError)).toBe(true)
      jss.setFaults('uploadPart|putObject:etag=1')
      const { uploadId } = await client.initiateMultipartUpload({ bucket: 'test', key: 'etags-2' })
      const error = await client
        .uploadPart({
          bucket: 'test',
          key: 'etags-2',
          uploadId,
          partNumber: 1,
          body: bytes('hello'),
          contentMd5: md5('hello'),
        })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(JssIntegrityError)
      expect(error).toMatchObject({
        code: 'JSS_ERR_INTEGRITY',
        expected: md5('hello'),
        attempts: 6,
      })
      const put = await client
        .putObject({ bucket: 'test', key: 'p', body: bytes('hello'), contentMd5: md5('hello') })
        .catch((e: unknown) => e)
      expect(put).toBeInstanceOf(JssIntegrityError)
    })

    it('a 4xx is not retried', async () => {
      const before = jss.counters.requests
      await expect(client.getObject({ bucket: 'test', key: 'nothing-here' })).rejects.toMatchObject(
        {
          code: 'NoSuchKey',
          attempts: 1,
        },
      )
      expect(jss.counters.requests).toBe(before + 1)
    })

    it('gives up after the configured attempts', async () => {
      jss.setFaults('headObject:500=1')
      const few = clientOf(jss, { retry: { attempts: 3 } })
      const before = jss.counters.operations.headObject ?? 0
      await expect(few.headObject({ bucket: 'test', key: 'x' })).rejects.toMatchObject({
        code: 'InternalError',
        attempts: 3,
      })
      expect(jss.counters.operations.headObject).toBe(before + 3)
      await few.close()
    })
  })

  describe('aborts', () => {
    it('an aborted signal rejects with its reason before any request', async () => {
      const before = jss.counters.requests
      const reason = new Error('stop')
      await expect(
        client.headObject({ bucket: 'test', key: 'x' }, { signal: AbortSignal.abort(reason) }),
      ).rejects.toBe(reason)
      expect(jss.counters.requests).toBe(before)
    })

    it('an abort in the middle of a request rejects with the reason untouched', async () => {
      jss.setFaults('uploadPart:stall=30s@1')
      const { uploadId } = await client.initiateMultipartUpload({ bucket: 'test', key: 'stalled' })
      const controller = new AbortController()
      const reason = { why: 'user pressed ^C' }
      const pending = client.uploadPart(
        { bucket: 'test', key: 'stalled', uploadId, partNumber: 1, body: bytes('hello') },
        { signal: controller.signal },
      )
      while (jss.counters.partsInFlight === 0 && (jss.counters.operations.uploadPart ?? 0) === 0) {
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      controller.abort(reason)
      await expect(pending).rejects.toBe(reason)
      expect(events.filter((e) => e.operation === 'uploadPart')).toHaveLength(1)
    })

    it('nothing is retried after an abort during the backoff', async () => {
      jss.setFaults('uploadPart:503=1')
      const slow = clientOf(jss, {
        retry: { baseDelay: 60_000, maxDelay: 60_000 },
        onRequest: (e) => events.push(e),
      })
      const { uploadId } = await slow.initiateMultipartUpload({ bucket: 'test', key: 'backoff' })
      const controller = new AbortController()
      const pending = slow.uploadPart(
        { bucket: 'test', key: 'backoff', uploadId, partNumber: 1, body: bytes('hello') },
        { signal: controller.signal },
      )
      while (!events.some((e) => e.operation === 'uploadPart'))
        await new Promise((resolve) => setTimeout(resolve, 5))
      const count = jss.counters.operations.uploadPart
      const reason = new DOMException('aborted by test', 'AbortError')
      controller.abort(reason)
      await expect(pending).rejects.toBe(reason)
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(jss.counters.operations.uploadPart).toBe(count)
      await slow.close()
    })
  })
})
