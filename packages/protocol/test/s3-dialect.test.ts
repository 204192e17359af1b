import { createHash } from 'node:crypto'
import type { Socket } from 'node:net'
import type { JssLocal } from 'jss-local'
import { request } from 'undici'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { RequestEvent } from '../src/client-options.js'
import { createClient } from '../src/create-client.js'
import { s3MultipartEtag } from '../src/dialect.js'
import {
  JssIntegrityError,
  JssInvalidArgumentError,
  JssResponseError,
  JssServiceError,
} from '../src/errors.js'
import type { JssClient } from '../src/jss-client.js'
import { bytes, clientOf, md5, readAll, startServer } from './helpers.js'
import { answer, type NetServer, startNetServer } from './net-server.js'

const credentials = { accessKey: 'AK', secretKey: 'SK' }

describe('the dialect and region options', () => {
  it('default to JSS; S3 signs for us-east-1 unless told; both are checked before any I/O', () => {
    const endpoint = 'http://127.0.0.1:1'
    const jss = createClient({ endpoint, credentials })
    expect([jss.dialect, jss.region]).toEqual(['jss', undefined])
    const s3 = createClient({ endpoint, credentials, dialect: 's3' })
    expect([s3.dialect, s3.region, s3.addressing]).toEqual(['s3', 'us-east-1', 'path'])
    const aws = createClient({
      endpoint: 'https://s3.eu-west-1.amazonaws.com',
      credentials,
      dialect: 's3',
    })
    expect(aws.addressing).toBe('virtual-host')
    const oss = createClient({
      endpoint: 'https://s3.cn-north-1.jdcloud-oss.com',
      credentials,
      dialect: 's3',
    })
    expect(oss.addressing).toBe('virtual-host')
    for (const bad of [
      { dialect: 'gcs' as 's3' },
      { dialect: 's3' as const, region: '' },
      { dialect: 's3' as const, region: 'eu west' },
      { dialect: 's3' as const, region: 7 as unknown as string },
    ]) {
      expect(() => createClient({ endpoint, credentials, ...bad })).toThrow(JssInvalidArgumentError)
    }
    expect(() => createClient({ endpoint, credentials, dialect: 'gcs' as 's3' })).toThrow(
      "dialect must be 'jss' or 's3', got gcs",
    )
    expect(() => createClient({ endpoint, credentials, dialect: 's3', region: 'eu west' })).toThrow(
      /^region must be a non-empty string/,
    )
  })
})

describe('the full lifecycle against jss-local in the S3 dialect', () => {
  let jss: JssLocal
  let client: JssClient
  const events: RequestEvent[] = []
  const bucket = 'life'
  beforeAll(async () => {
    jss = await startServer({ region: 'eu-west-1', buckets: [] })
    client = clientOf(jss, {
      dialect: 's3',
      region: 'eu-west-1',
      onRequest: (e) => events.push(e),
    })
  })
  afterAll(async () => {
    await client.close()
    await jss.close()
  })

  it('creates a bucket in its region; a second create is BucketAlreadyOwnedByYou', async () => {
    await client.createBucket({ bucket })
    expect((await client.listBuckets()).buckets.map((b) => b.name)).toEqual([bucket])
    const error = await client.createBucket({ bucket }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JssServiceError)
    expect(error).toMatchObject({ code: 'BucketAlreadyOwnedByYou', statusCode: 409 })
  })

  it('puts, heads, gets (ranged) and deletes an object with metadata, class and encryption', async () => {
    const key = 'dir/ünï cødé+%.txt'
    const { etag } = await client.putObject({
      bucket,
      key,
      body: bytes('hello world'),
      contentMd5: md5('hello world'),
      contentType: 'text/plain',
      storageClass: 'REDUCED_REDUNDANCY',
      serverSideEncryption: true,
      metadata: { Owner: 'etl', note: 'a b' },
    })
    expect(etag).toBe(md5('hello world'))
    const head = await client.headObject({ bucket, key })
    expect(head).toMatchObject({
      contentLength: 11,
      etag,
      contentType: 'text/plain',
      storageClass: 'REDUCED_REDUNDANCY',
      metadata: { owner: 'etl', note: 'a b' },
    })
    const ranged = await client.getObject({ bucket, key, range: { start: 6 } })
    expect([ranged.contentRange, await readAll(ranged.body)]).toEqual(['bytes 6-10/11', 'world'])
    await client.deleteObject({ bucket, key })
    await expect(client.headObject({ bucket, key })).rejects.toMatchObject({
      code: 'NoSuchKey',
      statusCode: 404,
    })
  })

  it('maps XML errors to typed JssServiceErrors with the request id', async () => {
    const missing = await client.getObject({ bucket, key: 'nothing' }).catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(JssServiceError)
    expect(missing).toMatchObject({ code: 'NoSuchKey', statusCode: 404, retryable: false })
    expect((missing as JssServiceError).requestId).toMatch(/\S/)
    await expect(client.listObjects({ bucket: 'no-bucket' })).rejects.toMatchObject({
      code: 'NoSuchBucket',
      statusCode: 404,
    })
    const wrongSecret = clientOf(jss, {
      dialect: 's3',
      region: 'eu-west-1',
      credentials: { ...jss.credentials, secretKey: 'not-the-secret' },
    })
    await expect(wrongSecret.headObject({ bucket, key: 'nothing' })).rejects.toMatchObject({
      statusCode: 403,
    })
    await expect(wrongSecret.listObjects({ bucket })).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
      statusCode: 403,
    })
    await wrongSecret.close()
    const wrongRegion = clientOf(jss, { dialect: 's3', region: 'us-east-1' })
    const error = await wrongRegion.listObjects({ bucket }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JssServiceError)
    expect((error as JssServiceError).statusCode).toBeGreaterThanOrEqual(400)
    await wrongRegion.close()
  })

  it('runs a multipart upload: initiate, parts, list (paged), complete with the S3 ETag, abort', async () => {
    const key = 'big.bin'
    const texts = ['hello', ' big ', 'world']
    const { uploadId } = await client.initiateMultipartUpload({
      bucket,
      key,
      metadata: { owner: 'etl' },
    })
    const parts = []
    for (const [i, text] of texts.entries()) {
      const { etag } = await client.uploadPart({
        bucket,
        key,
        uploadId,
        partNumber: i + 1,
        body:
          i === 1
            ? {
                size: 5,
                open: async function* () {
                  yield bytes(text)
                },
              }
            : bytes(text),
        contentMd5: md5(text),
      })
      expect(etag).toBe(md5(text))
      parts.push({ partNumber: i + 1, etag })
    }
    const page = await client.listParts({ bucket, key, uploadId, maxParts: 2 })
    expect(page.parts.map((p) => [p.partNumber, p.etag, p.size])).toEqual([
      [1, md5('hello'), 5],
      [2, md5(' big '), 5],
    ])
    expect([page.hasNext, page.nextPartNumberMarker]).toEqual([true, 2])
    const all = []
    for await (const part of client.paginateParts({ bucket, key, uploadId, maxParts: 1 }))
      all.push(part.partNumber)
    expect(all).toEqual([1, 2, 3])
    const uploads = await client.listMultipartUploads({ bucket, prefix: 'big' })
    expect(uploads.uploads.map((u) => [u.key, u.uploadId])).toEqual([[key, uploadId]])
    expect(uploads.uploads[0]?.initiated).toBeInstanceOf(Date)
    const done = await client.completeMultipartUpload({
      bucket,
      key,
      uploadId,
      parts,
      expectedSize: 15,
    })
    const binary = Buffer.concat(parts.map((p) => Buffer.from(p.etag, 'hex')))
    const expected = `${createHash('md5').update(binary).digest('hex')}-3`
    expect(done).toEqual({ bucket, key, etag: expected })
    expect(s3MultipartEtag(parts.map((p) => p.etag))).toBe(expected)
    const head = await client.headObject({ bucket, key })
    expect(head).toMatchObject({ etag: expected, contentLength: 15, metadata: { owner: 'etl' } })
    expect(await readAll((await client.getObject({ bucket, key })).body)).toBe('hello big world')

    const other = await client.initiateMultipartUpload({ bucket, key: 'dropped' })
    await client.abortMultipartUpload({ bucket, key: 'dropped', uploadId: other.uploadId })
    await expect(
      client.listParts({ bucket, key: 'dropped', uploadId: other.uploadId }),
    ).rejects.toMatchObject({ code: 'NoSuchUpload', statusCode: 404 })
    await expect(
      client.completeMultipartUpload({ bucket, key: 'dropped', uploadId: other.uploadId, parts }),
    ).rejects.toMatchObject({ code: 'NoSuchUpload' })
  })

  it('lists objects with ListObjectsV2: continuation tokens, start-after, prefixes', async () => {
    for (const name of ['p/a', 'p/b', 'p/c', 'p/d/1', 'p/e']) {
      await client.putObject({ bucket, key: name, body: bytes(name) })
    }
    const first = await client.listObjects({ bucket, prefix: 'p/', maxKeys: 2 })
    expect(first.objects.map((o) => o.key)).toEqual(['p/a', 'p/b'])
    expect(first.hasNext).toBe(true)
    expect(first.nextMarker).toBeUndefined()
    expect(first.nextContinuationToken).toEqual(expect.any(String))
    expect(first.objects[0]).toMatchObject({ etag: md5('p/a'), size: 3 })
    expect(first.objects[0]?.lastModified).toBeInstanceOf(Date)
    const second = await client.listObjects({
      bucket,
      prefix: 'p/',
      maxKeys: 2,
      continuationToken: first.nextContinuationToken,
    })
    expect(second.objects.map((o) => o.key)).toEqual(['p/c', 'p/d/1'])
    expect(second.continuationToken).toBe(first.nextContinuationToken)
    const after = await client.listObjects({ bucket, prefix: 'p/', marker: 'p/c' })
    expect([after.marker, after.objects.map((o) => o.key), after.hasNext]).toEqual([
      'p/c',
      ['p/d/1', 'p/e'],
      false,
    ])
    const grouped = await client.listObjects({ bucket, prefix: 'p/', delimiter: '/' })
    expect(grouped.commonPrefixes).toEqual(['p/d/'])
    expect(grouped.objects.map((o) => o.key)).toEqual(['p/a', 'p/b', 'p/c', 'p/e'])
    const keys = []
    for await (const o of client.paginateObjects({ bucket, prefix: 'p/', maxKeys: 1 }))
      keys.push(o.key)
    expect(keys).toEqual(['p/a', 'p/b', 'p/c', 'p/d/1', 'p/e'])
    const jssClient = clientOf(jss)
    await expect(jssClient.listObjects({ bucket, continuationToken: 'x' })).rejects.toBeInstanceOf(
      JssInvalidArgumentError,
    )
    await jssClient.close()
  })

  it('lists keys with control characters and XML specials as they are', async () => {
    const keys = ['ctl/a\u0001b', 'ctl/c\rd\te', 'ctl/<&>"\'', 'ctl/ \u007f ü']
    for (const key of keys) await client.putObject({ bucket, key, body: bytes('x') })
    const listed = []
    for await (const o of client.paginateObjects({ bucket, prefix: 'ctl/', maxKeys: 2 }))
      listed.push(o.key)
    expect(listed.sort()).toEqual([...keys].sort())
    const { uploadId } = await client.initiateMultipartUpload({ bucket, key: keys[0] as string })
    const uploads = await client.listMultipartUploads({ bucket, prefix: 'ctl/' })
    expect(uploads.uploads.map((u) => [u.key, u.uploadId])).toEqual([[keys[0], uploadId]])
    await client.abortMultipartUpload({ bucket, key: keys[0] as string, uploadId })
    for (const key of keys) await client.deleteObject({ bucket, key })
  })

  it('presigns with SigV4 (at most 7 days), and deletes the emptied bucket', async () => {
    const url = await client.presign({ bucket, key: 'p/a', expiresIn: 120 })
    expect(url).toMatch(
      /X-Amz-Algorithm=AWS4-HMAC-SHA256.*X-Amz-Credential=[^&]*%2Feu-west-1%2Fs3%2F/,
    )
    const got = await request(url)
    expect([got.statusCode, await got.body.text()]).toEqual([200, 'p/a'])
    await expect(client.presign({ bucket, key: 'p/a', expiresIn: 8 * 86_400 })).rejects.toThrow(
      JssInvalidArgumentError,
    )
    await expect(client.deleteBucket({ bucket })).rejects.toMatchObject({ code: 'BucketNotEmpty' })
    for await (const o of client.paginateObjects({ bucket }))
      await client.deleteObject({ bucket, key: o.key })
    await client.deleteBucket({ bucket })
    expect((await client.listBuckets()).buckets).toEqual([])
  })
})

describe("the contract's error codes in the S3 dialect (XML errors from jss-local)", () => {
  let jss: JssLocal
  let client: JssClient
  let uploadId: string
  beforeAll(async () => {
    jss = await startServer({ maxPartSize: 64, maxParts: 100 })
    client = clientOf(jss, { dialect: 's3', retry: { attempts: 2 } })
    await client.putObject({ bucket: 'test', key: 'small', body: bytes('0123456789') })
    ;({ uploadId } = await client.initiateMultipartUpload({ bucket: 'test', key: 'mp' }))
  })
  afterAll(async () => {
    await client.close()
    await jss.close()
  })
  const up = (partNumber: number, text: string, contentMd5?: string) =>
    client.uploadPart({
      bucket: 'test',
      key: 'mp',
      uploadId,
      partNumber,
      body: bytes(text),
      contentMd5,
    })
  const complete = (parts: { partNumber: number; etag: string }[]) =>
    client.completeMultipartUpload({ bucket: 'test', key: 'mp', uploadId, parts })
  const cases: [code: string, status: number, run: () => Promise<unknown>][] = [
    [
      'InvalidAccessKeyId',
      403,
      () =>
        clientOf(jss, {
          dialect: 's3',
          credentials: { accessKey: 'nobody', secretKey: 'x' },
        }).listObjects({
          bucket: 'test',
        }),
    ],
    ['BadDigest', 400, () => up(1, 'hello', md5('other'))],
    ['EntityTooLarge', 400, () => up(1, 'x'.repeat(65))],
    ['TooManyParts', 400, () => up(101, 'hello')],
    [
      'KeyTooLong',
      400,
      () => client.putObject({ bucket: 'test', key: 'k'.repeat(1025), body: bytes('x') }),
    ],
    ['InvalidBucketName', 400, () => client.createBucket({ bucket: 'Bad_Name' })],
    ['BucketAlreadyOwnedByYou', 409, () => client.createBucket({ bucket: 'test' })],
    ['MalformedXML', 400, () => complete([])],
    ['InvalidPart', 400, () => complete([{ partNumber: 9, etag: md5('nope') }])],
    [
      'InvalidPartOrder',
      400,
      async () => {
        const [a, b] = [await up(1, 'hello'), await up(2, 'world')]
        return complete([
          { partNumber: 2, etag: b.etag },
          { partNumber: 1, etag: a.etag },
        ])
      },
    ],
    [
      'EntityTooSmall',
      400,
      async () => {
        const [a, b] = [await up(1, 'abc'), await up(2, 'world')]
        return complete([
          { partNumber: 1, etag: a.etag },
          { partNumber: 2, etag: b.etag },
        ])
      },
    ],
    ['NoSuchBucket', 404, () => client.listObjects({ bucket: 'missing' })],
    ['NoSuchKey', 404, () => client.getObject({ bucket: 'test', key: 'missing' })],
    ['NoSuchKey', 404, () => client.headObject({ bucket: 'test', key: 'missing' })],
    [
      'NoSuchUpload',
      404,
      () =>
        client.uploadPart({
          bucket: 'test',
          key: 'mp',
          uploadId: 'unknown',
          partNumber: 1,
          body: bytes('x'),
        }),
    ],
    [
      'InvalidRange',
      416,
      () => client.getObject({ bucket: 'test', key: 'small', range: { start: 100 } }),
    ],
  ]
  it.each(cases)('%s (%i) is a JssServiceError with that code', async (code, status, run) => {
    const error = await run().then(
      () => new Error('no error'),
      (reason: unknown) => reason,
    )
    expect(error).toBeInstanceOf(JssServiceError)
    const e = error as JssServiceError
    expect(e).toMatchObject({ code, statusCode: status, retryable: false })
    expect(e.resource).toMatch(/^\//)
    expect(e.requestId).toMatch(/\S/)
    expect(e.message).toContain(code)
  })
})

/** The XML a hostile server answers with. */
const XML = { 'content-type': 'application/xml', 'x-amz-request-id': 'RID1' }

describe('a hostile S3 server (real sockets)', () => {
  let server: NetServer | undefined
  const heads: string[] = []
  afterEach(async () => {
    await server?.close()
    server = undefined
    heads.length = 0
  })
  async function hostile(
    onRequest: (socket: Socket, head: string, index: number) => void,
    events?: RequestEvent[],
  ): Promise<JssClient> {
    server = await startNetServer((socket, head, index) => {
      heads.push(head)
      onRequest(socket, head, index)
    })
    return createClient({
      endpoint: server.endpoint,
      credentials,
      dialect: 's3',
      retry: { baseDelay: 1, maxDelay: 5, attempts: 3 },
      onRequest: (e) => events?.push(e),
    })
  }
  const parts = [
    { partNumber: 1, etag: md5('hello') },
    { partNumber: 2, etag: md5('world') },
  ]
  const etag = s3MultipartEtag(parts.map((p) => p.etag))
  const completed = `<?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUploadResult><Location>http://x/b/k</Location><Bucket>b</Bucket><Key>k</Key><ETag>"${etag}"</ETag></CompleteMultipartUploadResult>`
  const internal =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>RID2</RequestId></Error>'
  const complete = { bucket: 'b', key: 'k', uploadId: 'u1', parts }

  it('a 200 answer to Complete that carries an <Error> is that error, retried like it', async () => {
    const events: RequestEvent[] = []
    const c = await hostile(
      (socket, _head, i) => answer(socket, 200, XML, i === 0 ? internal : completed),
      events,
    )
    expect(await c.completeMultipartUpload(complete)).toEqual({ bucket: 'b', key: 'k', etag })
    expect(events.map((e) => [e.status, (e.error as { code?: string } | undefined)?.code])).toEqual(
      [
        [200, 'InternalError'],
        [200, undefined],
      ],
    )
    await c.close()
  })

  it('a Complete that keeps answering 200 <Error> fails with the typed error after the attempts', async () => {
    const c = await hostile((socket) => answer(socket, 200, XML, internal))
    const error = await c.completeMultipartUpload(complete).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JssServiceError)
    expect(error).toMatchObject({ code: 'InternalError', retryable: true, attempts: 3 })
    expect(server?.requests).toBe(3)
    await c.close()
  })

  it('a 200 <Error> NoSuchUpload on a retry is recovered by HEAD like the JSS 404', async () => {
    const events: RequestEvent[] = []
    const noSuchUpload = '<Error><Code>NoSuchUpload</Code><Message>gone</Message></Error>'
    const c = await hostile((socket, head, i) => {
      if (head.startsWith('HEAD ')) {
        socket.write(
          `HTTP/1.1 200 OK\r\netag: "${etag}"\r\ncontent-length: 10\r\nx-amz-request-id: R\r\n\r\n`,
        )
      } else answer(socket, i === 0 ? 503 : 200, XML, i === 0 ? '' : noSuchUpload)
    }, events)
    const done = await c.completeMultipartUpload({ ...complete, expectedSize: 10 })
    expect(done.etag).toBe(etag)
    expect(events.map((e) => [e.operation, e.status])).toEqual([
      ['completeMultipartUpload', 503],
      ['completeMultipartUpload', 200],
      ['headObject', 200],
    ])
    await c.close()
  })

  it('a completed ETag other than the S3 multipart ETag of the parts is an integrity error', async () => {
    const wrong = completed.replace(etag, `${md5('x')}-2`)
    const c = await hostile((socket) => answer(socket, 200, XML, wrong))
    const error = await c.completeMultipartUpload(complete).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JssIntegrityError)
    expect(error).toMatchObject({ expected: etag, actual: `${md5('x')}-2`, attempts: 1 })
    await c.close()
  })

  it('broken XML, another document or a missing field is an invalid response, not retried', async () => {
    const bodies = [
      '<InitiateMultipartUploadResult><UploadId>u',
      '<html><body>Hello</body></html>',
      '<InitiateMultipartUploadResult><Bucket>b</Bucket></InitiateMultipartUploadResult>',
    ]
    const c = await hostile((socket, _head, i) => answer(socket, 200, XML, bodies[i] ?? ''))
    const messages = []
    for (const _ of bodies) {
      const error = await c.initiateMultipartUpload({ bucket: 'b', key: 'k' }).catch((e) => e)
      expect(error).toBeInstanceOf(JssResponseError)
      expect(error).toMatchObject({ code: 'JSS_ERR_INVALID_RESPONSE', attempts: 1 })
      messages.push((error as Error).message)
    }
    expect(messages[0]).toMatch(/Broken XML/)
    expect(messages[1]).toMatch(/Expected <InitiateMultipartUploadResult>/)
    expect(messages[2]).toMatch(/field UploadId should be a string, got nothing/)
    expect(server?.requests).toBe(3)
    await c.close()
  })

  it('reads at most 16 MiB of an XML answer: a longer one is an invalid response', async () => {
    const huge = `<InitiateMultipartUploadResult><UploadId>${'u'.repeat(17 * 1024 * 1024)}</UploadId></InitiateMultipartUploadResult>`
    const c = await hostile((socket) => answer(socket, 200, XML, huge))
    const error = await c.initiateMultipartUpload({ bucket: 'b', key: 'k' }).catch((e) => e)
    expect(error).toBeInstanceOf(JssResponseError)
    expect((error as Error).message).toMatch(/Broken XML/)
    await c.close()
  })

  it('signs SigV4: SHA-256 of small bodies, UNSIGNED-PAYLOAD for streamed ones, Content-MD5 in base64', async () => {
    const c = await hostile((socket, head) => {
      if (head.startsWith('POST')) answer(socket, 200, XML, completed)
      else answer(socket, 200, { ...XML, etag: `"${md5('hello')}"` })
    })
    await c.uploadPart({
      ...complete,
      partNumber: 1,
      body: {
        size: 5,
        open: async function* () {
          yield bytes('hello')
        },
      },
      contentMd5: md5('hello'),
    })
    await c.completeMultipartUpload(complete)
    const [upload, done] = heads.map((h) => h.toLowerCase())
    expect(upload).toMatch(/\r\nx-amz-content-sha256: unsigned-payload/)
    expect(upload).toContain(
      `\r\ncontent-md5: ${createHash('md5').update('hello').digest('base64').toLowerCase()}`,
    )
    expect(upload).toMatch(
      /\r\nauthorization: aws4-hmac-sha256 credential=ak\/\d{8}\/us-east-1\/s3\/aws4_request, signedheaders=[^,]*content-md5[^,]*x-amz-content-sha256;x-amz-date/,
    )
    expect(done).toMatch(/\r\nx-amz-content-sha256: [0-9a-f]{64}\r\n/)
    await c.close()
  })

  it('corrects a skewed clock from RequestTimeTooSkewed and the Date header, then succeeds', async () => {
    const ahead = 2 * 3600_000
    const events: RequestEvent[] = []
    const c = await hostile((socket, head) => {
      const signed = /\r\nx-amz-date:\s*(\d{8}T\d{6}Z)/i.exec(head)?.[1] ?? ''
      const at = Date.parse(
        signed.replace(/(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z/, '$1-$2-$3T$4:$5:$6Z'),
      )
      const now = Date.now() + ahead
      const date = new Date(now).toUTCString()
      if (Math.abs(at - now) > 15 * 60_000) {
        const skewed =
          '<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message></Error>'
        answer(socket, 403, { ...XML, date }, skewed)
      } else {
        answer(
          socket,
          200,
          { ...XML, date },
          '<ListBucketResult><Name>b</Name><IsTruncated>false</IsTruncated></ListBucketResult>',
        )
      }
    }, events)
    const page = await c.listObjects({ bucket: 'b' })
    expect([page.bucket, page.hasNext, page.objects]).toEqual(['b', false, []])
    expect(Math.abs(c.clockOffset - ahead)).toBeLessThan(5000)
    expect(events.map((e) => [e.status, e.clockCorrection?.applied])).toEqual([
      [403, true],
      [200, undefined],
    ])
    await c.close()
  })
})
