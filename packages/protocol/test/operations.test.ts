import type { JssLocal } from 'jss-local'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { s3MultipartEtag } from '../src/dialect.js'
import type { JssClient } from '../src/jss-client.js'
import { multipartEtag } from '../src/multipart-etag.js'
import { bytes, clientOf, loopbackAgent, md5, readAll, startServer } from './helpers.js'

let jss: JssLocal
const agent = loopbackAgent()
beforeAll(async () => {
  jss = await startServer()
})
afterAll(async () => {
  await agent.close()
  await jss.close()
})

const addressings = [
  ['path', (dialect: 'jss' | 's3') => clientOf(jss, { addressing: 'path', dialect })],
  [
    'virtual-host',
    (dialect: 'jss' | 's3') =>
      clientOf(jss, {
        endpoint: jss.endpoint.replace('127.0.0.1', 'localhost'),
        addressing: 'virtual-host',
        dispatcher: agent,
        dialect,
      }),
  ],
] as const
// jss-local answers each request in the dialect it is signed in: every operation runs in both
const modes = (['jss', 's3'] as const).flatMap((dialect) =>
  addressings.map(([mode, make]) => [dialect, mode, () => make(dialect)] as const),
)

describe.each(modes)('every operation, %s dialect, %s addressing', (dialect, mode, makeClient) => {
  let client: JssClient
  const bucket = `ops-${dialect}-${mode === 'path' ? 'p' : 'v'}`
  beforeAll(async () => {
    client = makeClient()
    await client.createBucket({ bucket })
  })
  afterAll(() => client.close())

  it('runs a multipart upload and reads it back, whole and ranged', async () => {
    const key = 'dir/ünï cødé+%.bin'
    const { uploadId, key: k } = await client.initiateMultipartUpload({
      bucket,
      key,
      contentType: 'text/plain',
      metadata: { owner: 'etl' },
    })
    expect(k).toBe(key)
    const one = await client.uploadPart({
      bucket,
      key,
      uploadId,
      partNumber: 1,
      body: bytes('hello '),
      contentMd5: md5('hello '),
    })
    expect(one.etag).toBe(md5('hello '))
    const two = await client.uploadPart({
      bucket,
      key,
      uploadId,
      partNumber: 2,
      body: [bytes('wor'), bytes(''), bytes('ld')],
    })
    expect(two.etag).toBe(md5('world'))
    const listed = []
    for await (const part of client.paginateParts({ bucket, key, uploadId, maxParts: 1 }))
      listed.push(part)
    expect(listed.map((p) => [p.partNumber, p.etag, p.size])).toEqual([
      [1, md5('hello '), 6],
      [2, md5('world'), 5],
    ])
    const uploads = []
    for await (const u of client.paginateMultipartUploads({ bucket, prefix: 'dir/' }))
      uploads.push(u)
    expect(uploads.map((u) => [u.key, u.uploadId])).toEqual([[key, uploadId]])
    const done = await client.completeMultipartUpload({
      bucket,
      key,
      uploadId,
      parts: [
        { partNumber: 1, etag: one.etag },
        { partNumber: 2, etag: two.etag },
      ],
      expectedSize: 11,
    })
    const etag =
      dialect === 's3' ? s3MultipartEtag([one.etag, two.etag]) : multipartEtag([one.etag, two.etag])
    expect(done).toEqual({ bucket, key, etag })
    expect(client.multipartEtag([one.etag, two.etag])).toBe(etag)
    const head = await client.headObject({ bucket, key })
    expect(head).toMatchObject({
      contentLength: 11,
      etag: done.etag,
      contentType: 'text/plain',
      metadata: { owner: 'etl' },
    })
    const whole = await client.getObject({ bucket, key })
    expect(whole.contentLength).toBe(11)
    expect(await readAll(whole.body)).toBe('hello world')
    const part = await client.getObject({ bucket, key, range: { start: 6, end: 9 } })
    expect(part.contentRange).toBe('bytes 6-9/11')
    expect(await readAll(part.body)).toBe('worl')
    const tail = await client.getObject({ bucket, key, range: { start: 3 } })
    expect(await readAll(tail.body)).toBe('lo world')
  })

  it('puts, lists, presigns and deletes objects', async () => {
    for (const name of ['b/1', 'b/2', 'b/c/3', 'd']) {
      const { etag } = await client.putObject({
        bucket,
        key: name,
        body: bytes(name),
        contentMd5: md5(name),
      })
      expect(etag).toBe(md5(name))
    }
    const keys = []
    for await (const o of client.paginateObjects({ bucket, prefix: 'b/', maxKeys: 1 }))
      keys.push(o.key)
    expect(keys).toEqual(['b/1', 'b/2', 'b/c/3'])
    const page = await client.listObjects({ bucket, prefix: 'b/', delimiter: '/' })
    expect(page.objects.map((o) => o.key)).toEqual(['b/1', 'b/2'])
    expect(page.commonPrefixes).toEqual(['b/c/'])
    const url = await client.presign({ bucket, key: 'b/1', expiresIn: 60 })
    const got = await request(url, { dispatcher: agent })
    expect(got.statusCode).toBe(200)
    expect(await got.body.text()).toBe('b/1')
    const putUrl = await client.presign({
      method: 'PUT',
      bucket,
      key: 'presigned',
      contentType: 'text/csv',
    })
    const put = await request(putUrl, {
      method: 'PUT',
      body: 'x,y',
      headers: { 'content-type': 'text/csv' },
      dispatcher: agent,
    })
    await put.body.dump()
    expect(put.statusCode).toBe(200)
    expect((await client.headObject({ bucket, key: 'presigned' })).contentType).toBe('text/csv')
    await client.deleteObject({ bucket, key: 'd' })
    await expect(client.headObject({ bucket, key: 'd' })).rejects.toMatchObject({
      code: 'NoSuchKey',
      statusCode: 404,
    })
    // the message names who answered
    const gone = await client.getObject({ bucket, key: 'd' }).catch((e: Error) => e)
    expect((gone as Error).message).toMatch(
      dialect === 's3' ? /^S3 404 NoSuchKey/ : /^JSS 404 NoSuchKey/,
    )
  })

  it('lists the buckets and deletes an empty one; a full one is BucketNotEmpty', async () => {
    const doomed = `${bucket}-doomed`
    const before = Date.now()
    await client.createBucket({ bucket: doomed })
    const { buckets, owner } = await client.listBuckets()
    // S3's ListAllMyBucketsResult always names the owner; jss-local's JSON listing does not
    if (dialect === 's3') expect(owner).toMatchObject({ id: 'jss-local' })
    else expect(owner).toBeUndefined()
    const listed = buckets.find((b) => b.name === doomed)
    expect(listed?.creationDate).toBeInstanceOf(Date)
    // RFC 1123 dates have whole seconds.
    expect(listed?.creationDate.getTime()).toBeGreaterThanOrEqual(before - 1000)
    expect(buckets.map((b) => b.name)).toContain(bucket)
    await client.putObject({ bucket: doomed, key: 'k', body: bytes('x') })
    await expect(client.deleteBucket({ bucket: doomed })).rejects.toMatchObject({
      code: 'BucketNotEmpty',
      statusCode: 409,
      message: expect.stringMatching(/abort its open uploads first/),
    })
    await client.deleteObject({ bucket: doomed, key: 'k' })
    await client.deleteBucket({ bucket: doomed })
    expect((await client.listBuckets({})).buckets.map((b) => b.name)).not.toContain(doomed)
    await expect(client.deleteBucket({ bucket: doomed })).rejects.toMatchObject({
      code: 'NoSuchBucket',
      statusCode: 404,
    })
  })

  it('aborts an upload', async () => {
    const { uploadId } = await client.initiateMultipartUpload({ bucket, key: 'gone' })
    await client.abortMultipartUpload({ bucket, key: 'gone', uploadId })
    await expect(client.listParts({ bucket, key: 'gone', uploadId })).rejects.toMatchObject({
      code: 'NoSuchUpload',
    })
  })
})
