import { createHash } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { presignUrlSigV4, signRequestSigV4, UNSIGNED_PAYLOAD } from '@jss/signer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type JssLocal, startJssLocal } from '../src/index.js'
import { expectError, expectJson } from './expect-reply.js'
import { send } from './send.js'
import { exchange, expectS3Error, expectXml, type ReplyS3, sendS3 } from './send-s3.js'

const md5 = (data: string | Buffer): string => createHash('md5').update(data).digest('hex')
const md5Base64 = (data: string | Buffer): string => createHash('md5').update(data).digest('base64')

/** The S3 multipart ETag, computed here on its own as the oracle: MD5 of the binary MD5s, `-N`. */
function s3MultipartOracle(parts: readonly Buffer[]): string {
  const binary = Buffer.concat(parts.map((p) => createHash('md5').update(p).digest()))
  return `${createHash('md5').update(binary).digest('hex')}-${parts.length}`
}

let server: JssLocal
beforeAll(async () => {
  server = await startJssLocal({ buckets: ['dual'], minPartSize: 5, maxPartSize: 1024 * 1024 })
})
afterAll(() => server.close())

/** Initiates an upload in the S3 dialect and returns its id. */
async function initiate(key: string, headers: Record<string, string> = {}): Promise<string> {
  const reply = await sendS3(server, { method: 'POST', path: `/dual/${key}?uploads`, headers })
  const result = expectXml(reply, 'InitiateMultipartUploadResult')
  expect(result).toMatchObject({ Bucket: 'dual', Key: decodeURIComponent(key) })
  return result.UploadId as string
}

/** Uploads a part in the S3 dialect and returns its quoted ETag. */
async function uploadPart(key: string, uploadId: string, n: number, body: Buffer): Promise<string> {
  const reply = await sendS3(server, {
    method: 'PUT',
    path: `/dual/${key}?partNumber=${n}&uploadId=${uploadId}`,
    body,
  })
  expect(reply.status).toBe(200)
  return reply.headers.etag as string
}

function completeXml(parts: readonly { n: number; etag: string }[]): string {
  const items = parts.map(
    (p) => `<Part><PartNumber>${p.n}</PartNumber><ETag>${p.etag}</ETag></Part>`,
  )
  return `<CompleteMultipartUpload>${items.join('')}</CompleteMultipartUpload>`
}

async function complete(key: string, uploadId: string, body: string): Promise<ReplyS3> {
  return sendS3(server, { method: 'POST', path: `/dual/${key}?uploadId=${uploadId}`, body })
}

describe('authentication', () => {
  it('answers every S3 answer with x-amz-request-id, not x-jss-request-id', async () => {
    const reply = await sendS3(server, { method: 'GET', path: '/' })
    const result = expectXml(reply, 'ListAllMyBucketsResult')
    expect(reply.headers['x-jss-request-id']).toBeUndefined()
    const buckets = [(result.Buckets as { Bucket: unknown }).Bucket].flat()
    expect(buckets).toContainEqual({ Name: 'dual', CreationDate: expect.stringMatching(/Z$/) })
  })

  it('refuses a wrong secret with 403 SignatureDoesNotMatch, StringToSign and CanonicalRequest', async () => {
    const reply = await sendS3(server, {
      method: 'GET',
      path: '/dual/x',
      credentials: { accessKey: server.credentials.accessKey, secretKey: 'not-the-secret' },
    })
    expectS3Error(reply, 403, 'SignatureDoesNotMatch', '/dual/x')
    const error = reply.xml.Error as Record<string, string>
    expect(error.StringToSign).toMatch(/^AWS4-HMAC-SHA256\n/)
    expect(error.CanonicalRequest).toMatch(/^GET\n\/dual\/x\n/)
  })

  it('refuses an unknown access key with 403 InvalidAccessKeyId', async () => {
    const reply = await sendS3(server, {
      method: 'GET',
      path: '/dual/x',
      credentials: { accessKey: 'NOBODY', secretKey: 'x' },
    })
    expectS3Error(reply, 403, 'InvalidAccessKeyId')
  })

  it('refuses a credential for another region with 400 AuthorizationHeaderMalformed', async () => {
    const reply = await sendS3(server, { method: 'GET', path: '/dual/x', region: 'eu-west-1' })
    expectS3Error(reply, 400, 'AuthorizationHeaderMalformed')
    expect(reply.text).toContain('us-east-1')
  })

  it('refuses a request signed 20 minutes ago with 403 RequestTimeTooSkewed', async () => {
    const reply = await sendS3(server, {
      method: 'GET',
      path: '/dual/x',
      date: new Date(Date.now() - 20 * 60_000),
    })
    expectS3Error(reply, 403, 'RequestTimeTooSkewed')
  })

  it('checks the signature against the routed resource: another key is a mismatch', async () => {
    const endpoint = new URL(server.endpoint)
    const headers = await signedHeaders('GET', '/dual/one')
    expectS3Error(await exchange(endpoint, 'GET', '/dual/one', headers), 404, 'NoSuchKey')
    const replay = await exchange(endpoint, 'GET', '/dual/two', headers)
    expectS3Error(replay, 403, 'SignatureDoesNotMatch', '/dual/two')
    const virtualHost = { ...headers, host: `dual.localhost:${endpoint.port}` }
    const moved = await exchange(endpoint, 'GET', '/one', virtualHost)
    expectS3Error(moved, 403, 'SignatureDoesNotMatch', '/dual/one')
  })

  it('answers HEAD errors without a body', async () => {
    const reply = await sendS3(server, { method: 'HEAD', path: '/dual/missing-head' })
    expect(reply.status).toBe(404)
    expect(reply.body.length).toBe(0)
    expect(reply.headers['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/)
  })

  it('serves another region when started with one', async () => {
    const other = await startJssLocal({ buckets: ['bucket'], region: 'cn-north-1' })
    try {
      const ok = await sendS3(other, {
        method: 'GET',
        path: '/bucket?list-type=2',
        region: 'cn-north-1',
      })
      expectXml(ok, 'ListBucketResult')
      const wrong = await sendS3(other, { method: 'GET', path: '/bucket?list-type=2' })
      expectS3Error(wrong, 400, 'AuthorizationHeaderMalformed')
    } finally {
      await other.close()
    }
  })

  it('exposes x-amz-request-id to allowed origins (CORS)', async () => {
    const cors = await startJssLocal({ buckets: ['bucket'], cors: ['*'] })
    try {
      const reply = await sendS3(cors, {
        method: 'GET',
        path: '/bucket?list-type=2',
        headers: { origin: 'http://app.test' },
      })
      expect(reply.status).toBe(200)
      expect(reply.headers['access-control-allow-origin']).toBe('*')
      expect(reply.headers['access-control-expose-headers']).toBe(
        'ETag, x-amz-request-id, Content-Length, Content-Range, Date',
      )
    } finally {
      await cors.close()
    }
  })

  it('refuses an invalid region option', async () => {
    await expect(startJssLocal({ region: 'us east' })).rejects.toThrow(/region/)
  })
})

/** The signed headers of a bodiless request, to replay elsewhere. */
async function signedHeaders(method: string, path: string): Promise<Record<string, string>> {
  const host = new URL(server.endpoint).host
  const signed = await signRequestSigV4(
    { method, url: `http://${host}${path}`, headers: { host } },
    server.credentials,
    { region: 'us-east-1', body: '' },
  )
  return { ...signed.headers, host }
}

describe('payload', () => {
  it('stores a body whose SHA-256 was signed', async () => {
    const put = await sendS3(server, { method: 'PUT', path: '/dual/signed-body', body: 'signed!' })
    expect(put.status).toBe(200)
    expect(put.headers.etag).toBe(`"${md5('signed!')}"`)
    expect(put.headers['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/)
  })

  it('refuses a body that does not hash to x-amz-content-sha256 (400 XAmzContentSHA256Mismatch) and stores nothing', async () => {
    const put = await sendS3(server, {
      method: 'PUT',
      path: '/dual/mismatch',
      body: 'the signed body',
      sendBody: 'another body!!!',
    })
    expectS3Error(put, 400, 'XAmzContentSHA256Mismatch', '/dual/mismatch')
    const get = await sendS3(server, { method: 'GET', path: '/dual/mismatch' })
    expectS3Error(get, 404, 'NoSuchKey')
  })

  it('takes UNSIGNED-PAYLOAD as is', async () => {
    const put = await sendS3(server, {
      method: 'PUT',
      path: '/dual/unsigned',
      body: 'any bytes',
      payloadHash: UNSIGNED_PAYLOAD,
    })
    expect(put.status).toBe(200)
    const get = await sendS3(server, { method: 'GET', path: '/dual/unsigned' })
    expect(get.text).toBe('any bytes')
  })

  it('checks x-amz-checksum-crc32 and sha256 (400 BadDigest), and echoes a good one', async () => {
    const body = Buffer.from('checksummed')
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    const good = await sendS3(server, {
      method: 'PUT',
      path: '/dual/crc',
      body,
      headers: { 'x-amz-checksum-crc32': crc.toString('base64') },
    })
    expect(good.status).toBe(200)
    expect(good.headers['x-amz-checksum-crc32']).toBe(crc.toString('base64'))
    const bad = await sendS3(server, {
      method: 'PUT',
      path: '/dual/crc-bad',
      body,
      headers: { 'x-amz-checksum-crc32': 'AAAAAA==' },
    })
    expectS3Error(bad, 400, 'BadDigest')
    const badSha = await sendS3(server, {
      method: 'PUT',
      path: '/dual/sha-bad',
      body,
      headers: { 'x-amz-checksum-sha256': createHash('sha256').update('x').digest('base64') },
    })
    expectS3Error(badSha, 400, 'BadDigest')
    const goodSha = await sendS3(server, {
      method: 'PUT',
      path: '/dual/sha-good',
      body,
      headers: { 'x-amz-checksum-sha256': createHash('sha256').update(body).digest('base64') },
    })
    expect(goodSha.status).toBe(200)
  })

  it('refuses checksums it cannot compute with 501 NotImplemented', async () => {
    const put = await sendS3(server, {
      method: 'PUT',
      path: '/dual/crc32c',
      body: 'x',
      headers: { 'x-amz-checksum-crc32c': 'AAAAAA==' },
    })
    expectS3Error(put, 501, 'NotImplemented')
  })

  it('decodes an aws-chunked body with unsigned chunks and checks its CRC32 trailer', async () => {
    const data = Buffer.from('chunked body, in three chunks')
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(data))
    const frame = (trailer: string, decoded = data): string =>
      `a\r\n${decoded.subarray(0, 10).toString()}\r\n` +
      `${(decoded.length - 10).toString(16)}\r\n${decoded.subarray(10).toString()}\r\n` +
      `0\r\nx-amz-checksum-crc32:${trailer}\r\n\r\n`
    const put = (path: string, body: string, length = data.length) =>
      sendS3(server, {
        method: 'PUT',
        path,
        body,
        payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        headers: {
          'content-encoding': 'aws-chunked',
          'x-amz-decoded-content-length': String(length),
          'x-amz-trailer': 'x-amz-checksum-crc32',
          'transfer-encoding': 'chunked',
        },
      })
    const good = await put('/dual/chunked', frame(crc.toString('base64')))
    expect(good.status).toBe(200)
    expect(good.headers.etag).toBe(`"${md5(data)}"`)
    expect((await sendS3(server, { method: 'GET', path: '/dual/chunked' })).text).toBe(
      data.toString(),
    )
    expectS3Error(await put('/dual/chunked-bad', frame('AAAAAA==')), 400, 'BadDigest')
    expectS3Error(
      await sendS3(server, { method: 'GET', path: '/dual/chunked-bad' }),
      404,
      'NoSuchKey',
    )
    expectS3Error(
      await put('/dual/chunked-bad', frame(crc.toString('base64')), 5),
      400,
      'IncompleteBody',
    )
    expectS3Error(await put('/dual/chunked-bad', 'zz\r\n'), 400, 'IncompleteBody')
  })

  it('checks Content-MD5 (400 BadDigest)', async () => {
    const put = await sendS3(server, {
      method: 'PUT',
      path: '/dual/md5',
      body: 'hello',
      headers: { 'content-md5': md5Base64('other') },
    })
    expectS3Error(put, 400, 'BadDigest', '/dual/md5')
  })

  it('takes Content-MD5 only in base64, as S3 does (hex or junk: 400 InvalidDigest)', async () => {
    for (const value of [md5('hello'), 'not-an-md5', `${md5Base64('hello').slice(0, 21)}B==`]) {
      const put = await sendS3(server, {
        method: 'PUT',
        path: '/dual/md5-form',
        body: 'hello',
        headers: { 'content-md5': value },
      })
      expectS3Error(put, 400, 'InvalidDigest', '/dual/md5-form')
    }
    const good = await sendS3(server, {
      method: 'PUT',
      path: '/dual/md5-form',
      body: 'hello',
      headers: { 'content-md5': md5Base64('hello') },
    })
    expect(good.status).toBe(200)
  })
})

describe('objects', () => {
  it('PUT, GET, HEAD with x-amz-meta-*, x-amz-storage-class, encryption, Range', async () => {
    const put = await sendS3(server, {
      method: 'PUT',
      path: '/dual/dir/%C3%BC%20obj.txt',
      body: 'hello world',
      headers: {
        'content-type': 'text/plain',
        'content-md5': md5Base64('hello world'),
        'x-amz-meta-color': 'blue',
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        'x-amz-server-side-encryption': 'AES256',
      },
    })
    expect(put.status).toBe(200)
    expect(put.headers.etag).toBe(`"${md5('hello world')}"`)
    const head = await sendS3(server, { method: 'HEAD', path: '/dual/dir/%C3%BC%20obj.txt' })
    expect(head.status).toBe(200)
    expect(head.headers).toMatchObject({
      'content-type': 'text/plain',
      'content-length': '11',
      etag: `"${md5('hello world')}"`,
      'x-amz-meta-color': 'blue',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      'x-amz-server-side-encryption': 'AES256',
      'accept-ranges': 'bytes',
    })
    expect(head.headers['x-jss-meta-color']).toBeUndefined()
    const get = await sendS3(server, { method: 'GET', path: '/dual/dir/%C3%BC%20obj.txt' })
    expect(get.text).toBe('hello world')
    const ranged = await sendS3(server, {
      method: 'GET',
      path: '/dual/dir/%C3%BC%20obj.txt',
      headers: { range: 'bytes=6-' },
    })
    expect(ranged.status).toBe(206)
    expect(ranged.text).toBe('world')
    expect(ranged.headers['content-range']).toBe('bytes 6-10/11')
    const outside = await sendS3(server, {
      method: 'GET',
      path: '/dual/dir/%C3%BC%20obj.txt',
      headers: { range: 'bytes=50-60' },
    })
    expectS3Error(outside, 416, 'InvalidRange')
    expect(outside.headers['content-range']).toBe('bytes */11')
    const override = await sendS3(server, {
      method: 'GET',
      path: '/dual/dir/%C3%BC%20obj.txt?response-content-type=application%2Fx-test',
    })
    expect(override.headers['content-type']).toBe('application/x-test')
  })

  it('omits x-amz-storage-class for STANDARD and refuses an unknown class', async () => {
    await sendS3(server, { method: 'PUT', path: '/dual/standard', body: 'x' })
    const head = await sendS3(server, { method: 'HEAD', path: '/dual/standard' })
    expect(head.headers['x-amz-storage-class']).toBeUndefined()
    const bad = await sendS3(server, {
      method: 'PUT',
      path: '/dual/bad-class',
      body: 'x',
      headers: { 'x-amz-storage-class': 'DEEP_ARCHIVE' },
    })
    expectS3Error(bad, 400, 'InvalidStorageClass')
  })

  it('GET of a missing key is 404 NoSuchKey; of a missing bucket 404 NoSuchBucket', async () => {
    expectS3Error(
      await sendS3(server, { method: 'GET', path: '/dual/nope' }),
      404,
      'NoSuchKey',
      '/dual/nope',
    )
    expectS3Error(
      await sendS3(server, { method: 'GET', path: '/nobucket/k' }),
      404,
      'NoSuchBucket',
      '/nobucket/k',
    )
  })

  it('DELETE is 204, for a missing key too (as S3)', async () => {
    await sendS3(server, { method: 'PUT', path: '/dual/to-delete', body: 'x' })
    expect((await sendS3(server, { method: 'DELETE', path: '/dual/to-delete' })).status).toBe(204)
    expect((await sendS3(server, { method: 'DELETE', path: '/dual/to-delete' })).status).toBe(204)
    expectS3Error(
      await sendS3(server, { method: 'GET', path: '/dual/to-delete' }),
      404,
      'NoSuchKey',
    )
  })

  it('serves virtual-host addressing (bucket.localhost)', async () => {
    const port = new URL(server.endpoint).port
    const host = `dual.localhost:${port}`
    const put = await sendS3(server, { method: 'PUT', path: '/vhost-key', host, body: 'vhost' })
    expect(put.status).toBe(200)
    const get = await sendS3(server, { method: 'GET', path: '/dual/vhost-key' })
    expect(get.text).toBe('vhost')
    const list = await sendS3(server, { method: 'GET', path: '/?list-type=2&prefix=vhost', host })
    expect(expectXml(list, 'ListBucketResult').Contents).toMatchObject([{ Key: 'vhost-key' }])
  })

  it('refuses what it does not serve with 501 NotImplemented: sub-resources, versions, copies', async () => {
    for (const path of [
      '/dual?location',
      '/dual?acl',
      '/dual/k?tagging',
      '/dual/k?versionId=3',
      '/dual/k?partNumber=1',
    ]) {
      expectS3Error(await sendS3(server, { method: 'GET', path }), 501, 'NotImplemented')
    }
    const copy = await sendS3(server, {
      method: 'PUT',
      path: '/dual/copy',
      headers: { 'x-amz-copy-source': '/dual/from-s3' },
    })
    expectS3Error(copy, 501, 'NotImplemented')
    expectS3Error(await sendS3(server, { method: 'GET', path: '/dual/copy' }), 404, 'NoSuchKey')
  })

  it('answers an unknown method with 405 MethodNotAllowed XML', async () => {
    expectS3Error(
      await sendS3(server, { method: 'POST', path: '/dual/k' }),
      405,
      'MethodNotAllowed',
    )
  })
})

describe('presigned URLs', () => {
  it('GET and PUT through presignUrlSigV4 URLs; an expired one is 403 AccessDenied', async () => {
    const put = await presignUrlSigV4(
      { method: 'PUT', url: `${server.endpoint}/dual/presigned`, expiresIn: 60 },
      server.credentials,
      { region: 'us-east-1' },
    )
    const stored = await fetch(put.url, { method: 'PUT', body: 'by presigned PUT' })
    expect(stored.status).toBe(200)
    expect(stored.headers.get('x-amz-request-id')).toMatch(/^[0-9A-F]{16}$/)
    const get = await presignUrlSigV4(
      { method: 'GET', url: `${server.endpoint}/dual/presigned`, expiresIn: 60 },
      server.credentials,
      { region: 'us-east-1' },
    )
    const read = await fetch(get.url)
    expect(await read.text()).toBe('by presigned PUT')
    const expired = await presignUrlSigV4(
      { method: 'GET', url: `${server.endpoint}/dual/presigned`, expiresIn: 60 },
      server.credentials,
      { region: 'us-east-1', date: new Date(Date.now() - 120_000) },
    )
    const late = await fetch(expired.url)
    expect(late.status).toBe(403)
    expect(await late.text()).toContain('<Code>AccessDenied</Code>')
    const tampered = await fetch(get.url.replace('/dual/presigned', '/dual/other'))
    expect(tampered.status).toBe(403)
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>')
  })
})

describe('multipart upload', () => {
  const partA = Buffer.from('first part, at least five bytes')
  const partB = Buffer.from('second part')

  it('initiates, uploads, lists parts, completes with the S3 ETag (binary MD5s, -N)', async () => {
    const uploadId = await initiate('mp/obj', {
      'x-amz-meta-kind': 'multi',
      'content-type': 'text/x-mp',
    })
    const etagA = await uploadPart('mp/obj', uploadId, 1, partA)
    const etagB = await uploadPart('mp/obj', uploadId, 2, partB)
    expect(etagA).toBe(`"${md5(partA)}"`)
    const parts = expectXml(
      await sendS3(server, { method: 'GET', path: `/dual/mp/obj?uploadId=${uploadId}` }),
      'ListPartsResult',
    )
    expect(parts).toMatchObject({
      Bucket: 'dual',
      Key: 'mp/obj',
      UploadId: uploadId,
      IsTruncated: 'false',
      Part: [
        { PartNumber: '1', ETag: etagA, Size: String(partA.length) },
        { PartNumber: '2', ETag: etagB, Size: String(partB.length) },
      ],
    })
    const uploads = expectXml(
      await sendS3(server, { method: 'GET', path: '/dual?uploads&prefix=mp%2F' }),
      'ListMultipartUploadsResult',
    )
    expect(uploads.Upload).toMatchObject([{ Key: 'mp/obj', UploadId: uploadId }])
    const done = await complete(
      'mp/obj',
      uploadId,
      completeXml([
        { n: 1, etag: etagA },
        { n: 2, etag: etagB },
      ]),
    )
    const result = expectXml(done, 'CompleteMultipartUploadResult')
    const oracle = s3MultipartOracle([partA, partB])
    expect(result).toMatchObject({ Bucket: 'dual', Key: 'mp/obj', ETag: `"${oracle}"` })
    const get = await sendS3(server, { method: 'GET', path: '/dual/mp/obj' })
    expect(get.body.equals(Buffer.concat([partA, partB]))).toBe(true)
    expect(get.headers).toMatchObject({
      etag: `"${oracle}"`,
      'x-amz-meta-kind': 'multi',
      'content-type': 'text/x-mp',
    })
    const listed = expectXml(
      await sendS3(server, { method: 'GET', path: '/dual?list-type=2&prefix=mp%2F' }),
      'ListBucketResult',
    )
    expect(listed.Contents).toMatchObject([{ Key: 'mp/obj', ETag: `"${oracle}"` }])
  })

  it('refuses InvalidPartOrder, InvalidPart, EntityTooSmall, MalformedXML, NoSuchUpload', async () => {
    const uploadId = await initiate('mp/bad')
    const etagA = await uploadPart('mp/bad', uploadId, 1, Buffer.from('tiny'))
    const etagB = await uploadPart('mp/bad', uploadId, 2, partB)
    const order = await complete(
      'mp/bad',
      uploadId,
      completeXml([
        { n: 2, etag: etagB },
        { n: 1, etag: etagA },
      ]),
    )
    expectS3Error(order, 400, 'InvalidPartOrder', '/dual/mp/bad')
    const wrong = await complete('mp/bad', uploadId, completeXml([{ n: 1, etag: `"${md5('x')}"` }]))
    expectS3Error(wrong, 400, 'InvalidPart')
    const small = await complete(
      'mp/bad',
      uploadId,
      completeXml([
        { n: 1, etag: etagA },
        { n: 2, etag: etagB },
      ]),
    )
    expectS3Error(small, 400, 'EntityTooSmall')
    for (const body of [
      '<CompleteMultipartUpload><Part>',
      '<Other><Part><PartNumber>1</PartNumber><ETag>x</ETag></Part></Other>',
      '<CompleteMultipartUpload></CompleteMultipartUpload>',
      '<CompleteMultipartUpload><Part><PartNumber>zero</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>',
      '{"Part":[]}',
      '<!DOCTYPE x [<!ENTITY a "aaaa">]><CompleteMultipartUpload/>',
    ]) {
      expectS3Error(await complete('mp/bad', uploadId, body), 400, 'MalformedXML')
    }
    const big = await sendS3(server, {
      method: 'POST',
      path: `/dual/mp/bad?uploadId=${uploadId}`,
      body: Buffer.alloc(5 * 1024 * 1024, 32),
    })
    expectS3Error(big, 400, 'MalformedXML')
    const mismatch = await sendS3(server, {
      method: 'POST',
      path: `/dual/mp/bad?uploadId=${uploadId}`,
      body: completeXml([{ n: 2, etag: etagB }]),
      sendBody: completeXml([{ n: 2, etag: etagB }]).replace('2', '1'),
    })
    expectS3Error(mismatch, 400, 'XAmzContentSHA256Mismatch')
    const missing = await complete('mp/bad', 'f'.repeat(32), completeXml([{ n: 1, etag: etagA }]))
    expectS3Error(missing, 404, 'NoSuchUpload')
  })

  it('aborts: 204, then the upload is gone from ListMultipartUploads', async () => {
    const uploadId = await initiate('mp/abort')
    await uploadPart('mp/abort', uploadId, 1, partA)
    const abort = await sendS3(server, {
      method: 'DELETE',
      path: `/dual/mp/abort?uploadId=${uploadId}`,
    })
    expect(abort.status).toBe(204)
    const uploads = expectXml(
      await sendS3(server, { method: 'GET', path: '/dual?uploads&prefix=mp%2Fabort' }),
      'ListMultipartUploadsResult',
    )
    expect(uploads.Upload).toBeUndefined()
    expect(uploads.IsTruncated).toBe('false')
    const again = await sendS3(server, {
      method: 'DELETE',
      path: `/dual/mp/abort?uploadId=${uploadId}`,
    })
    expectS3Error(again, 404, 'NoSuchUpload')
  })
})

describe('listings', () => {
  beforeAll(async () => {
    const created = await sendS3(server, { method: 'PUT', path: '/listing' })
    expect(created.status).toBe(200)
    expect(created.headers.location).toBe('/listing')
    for (const key of ['a/1', 'a/2', 'a/3', 'b/1', 'c', 'd/x/y']) {
      await sendS3(server, { method: 'PUT', path: `/listing/${key}`, body: key })
    }
  })

  it('ListObjectsV2 pages with max-keys and continuation tokens', async () => {
    const keys: string[] = []
    let token: string | undefined
    let pages = 0
    do {
      const query = `list-type=2&max-keys=2${token ? `&continuation-token=${encodeURIComponent(token)}` : ''}`
      const page = expectXml(
        await sendS3(server, { method: 'GET', path: `/listing?${query}` }),
        'ListBucketResult',
      )
      pages++
      expect(page.MaxKeys).toBe('2')
      expect(Number(page.KeyCount)).toBe((page.Contents as unknown[]).length)
      keys.push(...(page.Contents as { Key: string }[]).map((c) => c.Key))
      token = page.IsTruncated === 'true' ? (page.NextContinuationToken as string) : undefined
      if (token) expect(page.NextContinuationToken).toBeTypeOf('string')
    } while (token)
    expect(pages).toBe(3)
    expect(keys).toEqual(['a/1', 'a/2', 'a/3', 'b/1', 'c', 'd/x/y'])
  })

  it('ListObjectsV2 with prefix, delimiter and start-after', async () => {
    const folded = expectXml(
      await sendS3(server, { method: 'GET', path: '/listing?list-type=2&delimiter=%2F' }),
      'ListBucketResult',
    )
    expect(folded).toMatchObject({
      Name: 'listing',
      Delimiter: '/',
      KeyCount: '4',
      IsTruncated: 'false',
      Contents: [{ Key: 'c', Size: '1', StorageClass: 'STANDARD' }],
      CommonPrefixes: [{ Prefix: 'a/' }, { Prefix: 'b/' }, { Prefix: 'd/' }],
    })
    expect((folded.Contents as { LastModified: string }[])[0]!.LastModified).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
    )
    const prefixed = expectXml(
      await sendS3(server, {
        method: 'GET',
        path: '/listing?list-type=2&prefix=a%2F&start-after=a%2F1',
      }),
      'ListBucketResult',
    )
    expect(prefixed).toMatchObject({ Prefix: 'a/', StartAfter: 'a/1', KeyCount: '2' })
    expect((prefixed.Contents as { Key: string }[]).map((c) => c.Key)).toEqual(['a/2', 'a/3'])
  })

  it('ListObjects v1 pages with markers', async () => {
    const page = expectXml(
      await sendS3(server, { method: 'GET', path: '/listing?max-keys=2&marker=a%2F1' }),
      'ListBucketResult',
    )
    expect(page).toMatchObject({ Marker: 'a/1', NextMarker: 'a/3', IsTruncated: 'true' })
    expect((page.Contents as { Key: string }[]).map((c) => c.Key)).toEqual(['a/2', 'a/3'])
  })

  it('refuses a continuation token that is not one', async () => {
    const reply = await sendS3(server, {
      method: 'GET',
      path: '/listing?list-type=2&continuation-token=%3C%3E',
    })
    expectS3Error(reply, 400, 'InvalidArgument')
  })

  it('escapes keys with markup and control characters, and encodes them for encoding-type=url', async () => {
    const key = `odd <&>"' \u0001\r\t key`
    const path = `/listing/${encodeURIComponent(key)}`
    expect((await sendS3(server, { method: 'PUT', path, body: 'odd' })).status).toBe(200)
    const reply = await sendS3(server, { method: 'GET', path: '/listing?list-type=2&prefix=odd' })
    expect(reply.text).toContain('<Key>odd &lt;&amp;&gt;&quot;&apos; &#x1;&#xD;\t key</Key>')
    const encoded = expectXml(
      await sendS3(server, {
        method: 'GET',
        path: '/listing?list-type=2&prefix=odd&encoding-type=url',
      }),
      'ListBucketResult',
    )
    expect(encoded.EncodingType).toBe('url')
    expect(decodeURIComponent((encoded.Contents as { Key: string }[])[0]!.Key)).toBe(key)
    expect((await sendS3(server, { method: 'GET', path })).text).toBe('odd')
  })

  it('DeleteBucket: 409 BucketNotEmpty, 204 once empty, then 404 NoSuchBucket', async () => {
    expectS3Error(
      await sendS3(server, { method: 'DELETE', path: '/listing' }),
      409,
      'BucketNotEmpty',
      '/listing',
    )
    const list = expectXml(
      await sendS3(server, { method: 'GET', path: '/listing?list-type=2&encoding-type=url' }),
      'ListBucketResult',
    )
    for (const { Key } of list.Contents as { Key: string }[]) {
      const key = decodeURIComponent(Key).split('/').map(encodeURIComponent).join('/')
      const deleted = await sendS3(server, { method: 'DELETE', path: `/listing/${key}` })
      expect({ key, status: deleted.status, text: deleted.text }).toMatchObject({ status: 204 })
    }
    expect((await sendS3(server, { method: 'DELETE', path: '/listing' })).status).toBe(204)
    expectS3Error(await sendS3(server, { method: 'DELETE', path: '/listing' }), 404, 'NoSuchBucket')
  })

  it('CreateBucket: 409 BucketAlreadyOwnedByYou, InvalidLocationConstraint, InvalidBucketName', async () => {
    expectS3Error(
      await sendS3(server, { method: 'PUT', path: '/dual' }),
      409,
      'BucketAlreadyOwnedByYou',
    )
    const elsewhere = await sendS3(server, {
      method: 'PUT',
      path: '/elsewhere',
      body: '<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>',
    })
    expectS3Error(elsewhere, 400, 'InvalidLocationConstraint')
    expectS3Error(
      await sendS3(server, { method: 'PUT', path: '/Bad_Name' }),
      400,
      'InvalidBucketName',
    )
  })
})

describe('both dialects on one store', () => {
  it('reads in one dialect what the other wrote, with its properties', async () => {
    const jssPut = await send(server, {
      method: 'PUT',
      path: '/dual/from-jss',
      body: 'written by JSS',
      headers: { 'x-jss-meta-who': 'jss', 'content-type': 'text/plain' },
    })
    expect(jssPut.status).toBe(200)
    const s3Get = await sendS3(server, { method: 'GET', path: '/dual/from-jss' })
    expect(s3Get.text).toBe('written by JSS')
    expect(s3Get.headers).toMatchObject({
      'x-amz-meta-who': 'jss',
      etag: `"${md5('written by JSS')}"`,
    })
    const s3Put = await sendS3(server, {
      method: 'PUT',
      path: '/dual/from-s3',
      body: 'written by S3',
      headers: { 'x-amz-meta-who': 's3' },
    })
    expect(s3Put.status).toBe(200)
    const jssGet = await send(server, { method: 'GET', path: '/dual/from-s3' })
    expect(jssGet.text).toBe('written by S3')
    expect(jssGet.headers).toMatchObject({ 'x-jss-meta-who': 's3' })
    expect(jssGet.headers['x-jss-request-id']).toMatch(/^[0-9A-F]{16}$/)
  })

  it('keeps the JSS ETag of an object completed through JSS, and the S3 one of one completed through S3', async () => {
    const partA = Buffer.from('jss part one!')
    const partB = Buffer.from('jss part two')
    const init = expectJson(await send(server, { method: 'POST', path: '/dual/jss-mp?uploads' }))
    const uploadId = init.UploadId as string
    const etags: string[] = []
    for (const [i, part] of [partA, partB].entries()) {
      const reply = await send(server, {
        method: 'PUT',
        path: `/dual/jss-mp?partNumber=${i + 1}&uploadId=${uploadId}`,
        body: part,
      })
      etags.push((reply.headers.etag as string).replaceAll('"', ''))
    }
    const done = expectJson(
      await send(server, {
        method: 'POST',
        path: `/dual/jss-mp?uploadId=${uploadId}`,
        body: JSON.stringify({ Part: etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })) }),
      }),
    )
    const jssEtag = md5(etags.join(''))
    expect(done.ETag).toBe(jssEtag)
    const s3Head = await sendS3(server, { method: 'HEAD', path: '/dual/jss-mp' })
    expect(s3Head.headers.etag).toBe(`"${jssEtag}"`)
    const s3Done = await sendS3(server, { method: 'HEAD', path: '/dual/mp/obj' })
    const jssHead = await send(server, { method: 'HEAD', path: '/dual/mp/obj' })
    expect(jssHead.headers.etag).toBe(s3Done.headers.etag)
    expect(jssHead.headers.etag).toMatch(/-2"$/)
  })

  it('answers a JSS request in JSON and an S3 one in XML for the same error', async () => {
    expectError(
      await send(server, { method: 'GET', path: '/dual/absent' }),
      404,
      'NoSuchKey',
      '/dual/absent',
    )
    expectS3Error(
      await sendS3(server, { method: 'GET', path: '/dual/absent' }),
      404,
      'NoSuchKey',
      '/dual/absent',
    )
  })
})

describe('fault injection', () => {
  it('applies the same faults to S3 requests, answered in XML', async () => {
    server.setFaults('getObject:503=1')
    try {
      const reply = await sendS3(server, { method: 'GET', path: '/dual/from-s3' })
      expectS3Error(reply, 503, 'SlowDown')
      expect(reply.headers['retry-after']).toBeDefined()
    } finally {
      server.setFaults(undefined)
    }
    server.setFaults('putObject:etag=1')
    try {
      const put = await sendS3(server, { method: 'PUT', path: '/dual/etag-fault', body: 'e' })
      expect(put.status).toBe(200)
      expect(put.headers.etag).not.toBe(`"${md5('e')}"`)
    } finally {
      server.setFaults(undefined)
    }
  })
})
