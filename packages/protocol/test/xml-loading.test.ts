import type { JssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createClient } from '../src/create-client.js'
import { JssServiceError } from '../src/errors.js'
import { loadXml } from '../src/s3-xml.js'
import { bytes, clientOf, md5, startServer } from './helpers.js'

// Vitest gives this file modules of its own: nothing here has loaded fast-xml-parser before the
// first test. `loadXml()` answers a promise while the parser is not loaded, `undefined` once it is.

describe('fast-xml-parser is loaded by the S3 dialect only', () => {
  let jss: JssLocal
  beforeAll(async () => {
    jss = await startServer({ buckets: ['test'], region: 'eu-west-1' })
  })
  afterAll(async () => {
    await jss.close()
  })

  it('a JSS client never loads it: objects, a multipart upload, listings, errors', async () => {
    const client = clientOf(jss)
    try {
      const bucket = 'test'
      await client.putObject({ bucket, key: 'a', body: bytes('hello'), contentMd5: md5('hello') })
      await client.headObject({ bucket, key: 'a' })
      const upload = await client.initiateMultipartUpload({ bucket, key: 'big' })
      const part = await client.uploadPart({
        ...upload,
        partNumber: 1,
        body: bytes('parts'),
        contentMd5: md5('parts'),
      })
      await client.completeMultipartUpload({ ...upload, parts: [{ partNumber: 1, ...part }] })
      await client.listObjects({ bucket })
      await client.listBuckets()
      const missing = await client.headObject({ bucket, key: 'none' }).catch((e: unknown) => e)
      expect(missing).toBeInstanceOf(JssServiceError)
      const gone = await client.getObject({ bucket, key: 'none' }).catch((e: unknown) => e)
      expect(gone).toMatchObject({ code: 'NoSuchKey' })
    } finally {
      await client.close()
    }
    const loading = loadXml()
    expect(loading).toBeInstanceOf(Promise)
    await loading
  })

  it("an S3 client's first operation loads it, before it builds the request", async () => {
    vi.resetModules()
    const fresh = {
      ...(await import('../src/create-client.js')),
      ...(await import('../src/s3-xml.js')),
    }
    expect(fresh.createClient).not.toBe(createClient)
    expect(fresh.loadXml).not.toBe(loadXml)
    const client = fresh.createClient({
      endpoint: jss.endpoint,
      credentials: jss.credentials,
      dialect: 's3',
      region: 'eu-west-1',
    })
    try {
      // outside us-east-1, CreateBucket sends XML (CreateBucketConfiguration), built before the request
      await client.createBucket({ bucket: 'xml-bucket' })
      expect(fresh.loadXml()).toBeUndefined()
      const names = (await client.listBuckets()).buckets.map((b) => b.name)
      expect(names).toContain('xml-bucket')
    } finally {
      await client.close()
    }
  })
})
