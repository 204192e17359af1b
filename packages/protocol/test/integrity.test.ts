import type { JssLocal } from 'jss-local'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RequestEvent } from '../src/client-options.js'
import { JssIntegrityError } from '../src/errors.js'
import type { JssClient } from '../src/jss-client.js'
import { bytes, clientOf, md5, startServer } from './helpers.js'

// The ETag checks `@jss/stream` relies on (it does not check ETags again): each one made to fire
// by jss-local's `etag` fault, which answers with a wrong ETag for data stored correctly.

// the same checks in both dialects (S3: Content-MD5 in base64, the `-N` multipart ETag)
describe.each(['jss', 's3'] as const)('%s dialect', (dialect) => {
  let jss: JssLocal
  let client: JssClient
  let events: RequestEvent[]
  beforeAll(async () => {
    jss = await startServer()
    client = clientOf(jss, { onRequest: (e) => events.push(e), retry: { attempts: 3 }, dialect })
  })
  afterAll(async () => {
    await client.close()
    await jss.close()
  })
  beforeEach(() => {
    events = []
    jss.setFaults(undefined)
  })

  describe('ETag verification', () => {
    it('uploadPart with contentMd5: a returned ETag other than the MD5 is retried, then a JssIntegrityError', async () => {
      const { uploadId } = await client.initiateMultipartUpload({ bucket: 'test', key: 'i-part' })
      jss.setFaults('uploadPart:etag=1')
      const part = { bucket: 'test', key: 'i-part', uploadId, partNumber: 1, body: bytes('hello') }
      const error = await client
        .uploadPart({ ...part, contentMd5: md5('hello') })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(JssIntegrityError)
      expect(error).toMatchObject({
        code: 'JSS_ERR_INTEGRITY',
        expected: md5('hello'),
        retryable: true,
        attempts: 3,
        resource: `/test/i-part?partNumber=1&uploadId=${uploadId}`,
      })
      expect((error as JssIntegrityError).actual).not.toBe(md5('hello'))
      // without contentMd5 there is nothing to check against: the ETag is returned as it came
      const { etag } = await client.uploadPart(part)
      expect(etag).not.toBe(md5('hello'))
    })

    it('putObject with contentMd5: a returned ETag other than the MD5 is retried, then a JssIntegrityError', async () => {
      jss.setFaults('putObject:etag=1')
      const error = await client
        .putObject({ bucket: 'test', key: 'i-put', body: bytes('hello'), contentMd5: md5('hello') })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(JssIntegrityError)
      expect(error).toMatchObject({ expected: md5('hello'), retryable: true, attempts: 3 })
      expect(events.filter((e) => e.operation === 'putObject')).toHaveLength(3)
    })

    it('completeMultipartUpload: an ETag other than the parts’ multipart ETag is a JssIntegrityError, not retried', async () => {
      const { uploadId } = await client.initiateMultipartUpload({ bucket: 'test', key: 'i-done' })
      const parts = []
      for (const [i, text] of ['hello ', 'world'].entries()) {
        const body = bytes(text)
        const { etag } = await client.uploadPart({
          bucket: 'test',
          key: 'i-done',
          uploadId,
          partNumber: i + 1,
          body,
          contentMd5: md5(body),
        })
        parts.push({ partNumber: i + 1, etag })
      }
      jss.setFaults('completeMultipartUpload:etag=1')
      events = []
      const error = await client
        .completeMultipartUpload({
          bucket: 'test',
          key: 'i-done',
          uploadId,
          parts,
          expectedSize: 11,
        })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(JssIntegrityError)
      expect(error).toMatchObject({
        code: 'JSS_ERR_INTEGRITY',
        expected: client.multipartEtag(parts.map((p) => p.etag)),
        retryable: false,
        attempts: 1,
      })
      expect(events.map((e) => e.operation)).toEqual(['completeMultipartUpload'])
    })
  })
})
