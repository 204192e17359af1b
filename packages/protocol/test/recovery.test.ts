import type { JssLocal } from 'jss-local'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RequestEvent } from '../src/client-options.js'
import { JssServiceError } from '../src/errors.js'
import type { JssClient } from '../src/jss-client.js'
import { type FaultProxy, startFaultProxy } from './fault-proxy.js'
import { bytes, clientOf, startServer } from './helpers.js'

// every recovery works the same in both dialects (jss-local answers each in the one it is signed in)
describe.each(['jss', 's3'] as const)('%s dialect', (dialect) => {
  let jss: JssLocal
  let proxy: FaultProxy
  let client: JssClient
  let direct: JssClient
  let events: RequestEvent[]
  beforeAll(async () => {
    jss = await startServer()
    direct = clientOf(jss, { dialect })
  })
  afterAll(async () => {
    await direct.close()
    await jss.close()
  })
  beforeEach(async () => {
    proxy = await startFaultProxy(jss.endpoint)
    events = []
    client = clientOf(jss, { endpoint: proxy.endpoint, onRequest: (e) => events.push(e), dialect })
  })
  afterEach(async () => {
    await client.close()
    await proxy.close()
  })

  async function twoParts(
    key: string,
  ): Promise<{ uploadId: string; parts: { partNumber: number; etag: string }[] }> {
    const { uploadId } = await direct.initiateMultipartUpload({ bucket: 'test', key })
    const parts = []
    for (const [i, text] of ['hello ', 'world'].entries()) {
      const { etag } = await direct.uploadPart({
        bucket: 'test',
        key,
        uploadId,
        partNumber: i + 1,
        body: bytes(text),
      })
      parts.push({ partNumber: i + 1, etag })
    }
    return { uploadId, parts }
  }

  describe('Complete after an ambiguous failure', () => {
    it('a lost answer to a successful Complete is a success (HEAD shows the expected ETag and size)', async () => {
      const { uploadId, parts } = await twoParts('lost-complete')
      proxy.arm(/^POST .*uploadId=/, 'lose-answer')
      const before = jss.counters.operations.completeMultipartUpload ?? 0
      const done = await client.completeMultipartUpload({
        bucket: 'test',
        key: 'lost-complete',
        uploadId,
        parts,
        expectedSize: 11,
      })
      expect(done.etag).toBe(client.multipartEtag(parts.map((p) => p.etag)))
      expect(jss.counters.operations.completeMultipartUpload).toBe(before + 1)
      expect(events.map((e) => [e.operation, e.error === undefined])).toEqual([
        ['completeMultipartUpload', false],
        ['headObject', true],
      ])
    })

    it('NoSuchUpload on a retry is a success when HEAD shows our object', async () => {
      const { uploadId, parts } = await twoParts('replaced-complete')
      proxy.arm(/^POST .*uploadId=/, 'replace-503')
      const done = await client.completeMultipartUpload({
        bucket: 'test',
        key: 'replaced-complete',
        uploadId,
        parts,
      })
      expect(done.etag).toBe(client.multipartEtag(parts.map((p) => p.etag)))
      expect(events.map((e) => [e.operation, e.status])).toEqual([
        ['completeMultipartUpload', 503],
        ['completeMultipartUpload', 404],
        ['headObject', 200],
      ])
    })

    it('an older object of the same key does not pass for ours', async () => {
      await direct.putObject({ bucket: 'test', key: 'older', body: bytes('hello world') })
      const { uploadId, parts } = await twoParts('older')
      await direct.abortMultipartUpload({ bucket: 'test', key: 'older', uploadId })
      proxy.arm(/^POST .*uploadId=/, 'kill')
      const error = await client
        .completeMultipartUpload({
          bucket: 'test',
          key: 'older',
          uploadId,
          parts,
          expectedSize: 11,
        })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(JssServiceError)
      expect(error).toMatchObject({ code: 'NoSuchUpload', attempts: 2 })
    })

    it('a wrong expected size does not pass', async () => {
      const { uploadId, parts } = await twoParts('size-check')
      proxy.arm(/^POST .*uploadId=/, 'lose-answer')
      const error = await client
        .completeMultipartUpload({
          bucket: 'test',
          key: 'size-check',
          uploadId,
          parts,
          expectedSize: 12,
        })
        .catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'NoSuchUpload' })
    })
  })

  describe('Initiate after an ambiguous failure', () => {
    it('aborts the extra upload a lost answer created', async () => {
      proxy.arm(/^POST .*\?uploads/, 'lose-answer')
      const { uploadId } = await client.initiateMultipartUpload({
        bucket: 'test',
        key: 'lost-initiate',
      })
      const open = []
      for await (const u of direct.paginateMultipartUploads({
        bucket: 'test',
        prefix: 'lost-initiate',
      }))
        open.push(u.uploadId)
      expect(open).toEqual([uploadId])
      expect(jss.counters.operations.initiateMultipartUpload).toBeGreaterThanOrEqual(2)
      expect(events.filter((e) => e.operation === 'abortMultipartUpload')).toHaveLength(1)
    })

    it('leaves other keys and older uploads of the key alone', async () => {
      const older = await direct.initiateMultipartUpload({ bucket: 'test', key: 'keep-initiate' })
      const other = await direct.initiateMultipartUpload({ bucket: 'test', key: 'keep-initiate-2' })
      // the window is the call's duration plus 1.5 s of slack each side (Initiated has 1 s resolution)
      await new Promise((resolve) => setTimeout(resolve, 2600))
      proxy.arm(/^POST .*\?uploads/, 'lose-answer')
      const { uploadId } = await client.initiateMultipartUpload({
        bucket: 'test',
        key: 'keep-initiate',
      })
      const open = []
      for await (const u of direct.paginateMultipartUploads({
        bucket: 'test',
        prefix: 'keep-initiate',
      }))
        open.push(u.uploadId)
      expect(open.sort()).toEqual([older.uploadId, other.uploadId, uploadId].sort())
    })
  })

  describe('deletions after a lost answer', () => {
    it('deleteObject and abortMultipartUpload succeed when the first attempt did the work', async () => {
      await direct.putObject({ bucket: 'test', key: 'to-delete', body: bytes('x') })
      proxy.arm(/^DELETE /, 'lose-answer')
      await client.deleteObject({ bucket: 'test', key: 'to-delete' })
      const { uploadId } = await direct.initiateMultipartUpload({ bucket: 'test', key: 'to-abort' })
      proxy.arm(/^DELETE /, 'lose-answer')
      await client.abortMultipartUpload({ bucket: 'test', key: 'to-abort', uploadId })
      // S3 answers a DELETE of a missing key 204, JSS NoSuchKey (then recovered)
      const gone = dialect === 's3' ? 204 : 404
      expect(events.map((e) => e.status)).toEqual([undefined, gone, undefined, 404])
    })

    it('deleteBucket succeeds when the first attempt deleted the bucket; a plain NoSuchBucket still fails', async () => {
      await direct.createBucket({ bucket: 'to-remove' })
      proxy.arm(/^DELETE /, 'lose-answer')
      await client.deleteBucket({ bucket: 'to-remove' })
      expect(events.map((e) => e.status)).toEqual([undefined, 404])
      expect((await direct.listBuckets()).buckets.map((b) => b.name)).not.toContain('to-remove')
      await expect(client.deleteBucket({ bucket: 'to-remove' })).rejects.toMatchObject({
        code: 'NoSuchBucket',
      })
    })
  })
})
