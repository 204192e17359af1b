import type { JssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JssServiceError } from '../src/errors.js'
import type { JssClient } from '../src/jss-client.js'
import { bytes, clientOf, md5, startServer } from './helpers.js'
import { answer, startNetServer } from './net-server.js'
import { rawError } from './raw-request.js'

let jss: JssLocal
let client: JssClient
let uploadId: string
beforeAll(async () => {
  jss = await startServer({ maxPartSize: 64, maxParts: 100 })
  client = clientOf(jss, { retry: { attempts: 2 } })
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

type Case = [code: string, status: number, run: () => Promise<unknown>]

const cases: Case[] = [
  ['AccessDenied', 403, () => rawError(jss, { method: 'GET', url: '/test/small' })],
  [
    'InvalidAccessKeyId',
    403,
    () =>
      clientOf(jss, { credentials: { accessKey: 'nobody', secretKey: 'x' } }).listObjects({
        bucket: 'test',
      }),
  ],
  [
    'InvalidToken',
    400,
    () =>
      rawError(jss, {
        method: 'GET',
        url: '/test/small',
        headers: { authorization: 'jingdong broken', date: new Date().toUTCString() },
      }),
  ],
  [
    'InvalidURI',
    400,
    () => rawError(jss, { method: 'GET', url: '/test/small?Expires=9999999999&AccessKey=x' }),
  ],
  [
    'ExpiredToken',
    400,
    async () =>
      rawError(jss, {
        method: 'GET',
        url: await client.presign({ bucket: 'test', key: 'small', expires: 1_000_000 }),
      }),
  ],
  [
    'InvalidArgument',
    400,
    async () => {
      const url = await client.presign({ bucket: 'test', key: 'small' })
      return rawError(jss, { method: 'GET', url, sign: true })
    },
  ],
  [
    'MissingContentLength',
    400,
    () =>
      rawError(jss, {
        method: 'PUT',
        url: '/test/chunked',
        sign: true,
        body: (async function* () {
          yield bytes('abc')
        })(),
      }),
  ],
  ['BadDigest', 400, () => up(1, 'hello', md5('other'))],
  ['EntityTooLarge', 400, () => up(1, 'x'.repeat(65))],
  ['TooManyParts', 400, () => up(101, 'hello')],
  [
    'KeyTooLong',
    400,
    () => client.putObject({ bucket: 'test', key: 'k'.repeat(1023), body: bytes('x') }),
  ],
  ['InvalidBucketName', 400, () => client.createBucket({ bucket: 'Bad_Name' })],
  ['BucketAlreadyOwnedByYou', 409, () => client.createBucket({ bucket: 'test' })],
  [
    'MalformedJson',
    400,
    () => client.completeMultipartUpload({ bucket: 'test', key: 'mp', uploadId, parts: [] }),
  ],
  [
    'InvalidPart',
    400,
    () =>
      client.completeMultipartUpload({
        bucket: 'test',
        key: 'mp',
        uploadId,
        parts: [{ partNumber: 9, etag: md5('nope') }],
      }),
  ],
  [
    'InvalidPartOrder',
    400,
    async () => {
      const a = await up(1, 'hello')
      const b = await up(2, 'world')
      return client.completeMultipartUpload({
        bucket: 'test',
        key: 'mp',
        uploadId,
        parts: [
          { partNumber: 2, etag: b.etag },
          { partNumber: 1, etag: a.etag },
        ],
      })
    },
  ],
  [
    'EntityTooSmall',
    400,
    async () => {
      const a = await up(1, 'abc')
      const b = await up(2, 'world')
      return client.completeMultipartUpload({
        bucket: 'test',
        key: 'mp',
        uploadId,
        parts: [
          { partNumber: 1, etag: a.etag },
          { partNumber: 2, etag: b.etag },
        ],
      })
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
    'MethodNotAllowed',
    405,
    () => rawError(jss, { method: 'PATCH', url: '/test/small', sign: true }),
  ],
  [
    'InvalidRange',
    416,
    () => client.getObject({ bucket: 'test', key: 'small', range: { start: 100 } }),
  ],
]

describe('every error code of the contract maps to a JssServiceError', () => {
  it.each(cases)('%s (%i)', async (code, status, run) => {
    const error = await run().then(
      (value) => (value instanceof JssServiceError ? value : new Error('no error')),
      (reason: unknown) => reason,
    )
    expect(error).toBeInstanceOf(JssServiceError)
    const e = error as JssServiceError
    expect(e).toMatchObject({ code, statusCode: status, retryable: false })
    expect(e.resource).toMatch(/^\//)
    if (!/HEAD|headObject/.test(String(run))) expect(e.requestId).toMatch(/^[0-9A-F]{16}$/)
    expect(e.message).toContain(code)
  })

  it('IncompleteBody (400): jss-local drops a half-closed request, so a net server answers it', async () => {
    const body = JSON.stringify({
      code: 'IncompleteBody',
      message:
        'You did not provide the number of bytes specified by the Content-Length HTTP header.',
      resource: '/test/short',
      requestId: '0123456789ABCDEF',
    })
    const server = await startNetServer((socket) =>
      answer(
        socket,
        400,
        {
          'content-type': 'application/json;charset=UTF-8',
          'x-jss-request-id': '0123456789ABCDEF',
        },
        body,
      ),
    )
    const other = clientOf(jss, { endpoint: server.endpoint })
    try {
      const error = await other
        .putObject({ bucket: 'test', key: 'short', body: bytes('abcde') })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(JssServiceError)
      expect(error).toMatchObject({
        code: 'IncompleteBody',
        statusCode: 400,
        requestId: '0123456789ABCDEF',
        resource: '/test/short',
        retryable: false,
      })
    } finally {
      await other.close()
      await server.close()
    }
  })

  it('a 403 HEAD (no body) is AccessDenied', async () => {
    const other = clientOf(jss, { credentials: { accessKey: 'nobody', secretKey: 'x' } })
    await expect(other.headObject({ bucket: 'test', key: 'small' })).rejects.toMatchObject({
      code: 'AccessDenied',
      statusCode: 403,
    })
    await other.close()
  })

  it.each([
    ['InternalError', 500, '*:500=1'],
    ['SlowDown', 503, '*:503=1'],
  ])('%s (%i) is retryable and retried', async (code, status, faults) => {
    jss.setFaults(faults)
    try {
      const error = await client
        .headObject({ bucket: 'test', key: 'small' })
        .catch((e: unknown) => e)
      expect(error).toMatchObject({ code, statusCode: status, retryable: true, attempts: 2 })
    } finally {
      jss.setFaults(undefined)
    }
  })
})

describe('messages say what to do, never the secret', () => {
  it('a wrong secret says to check the secret key', async () => {
    const secretKey = 'this-is-the-wrong-secret-key-1234567890'
    const other = clientOf(jss, {
      credentials: { accessKey: jss.credentials.accessKey, secretKey },
    })
    const error = (await other
      .listObjects({ bucket: 'test' })
      .catch((e: unknown) => e)) as JssServiceError
    await other.close()
    expect(error.code).toBe('SignatureDoesNotMatch')
    expect(error.message).toMatch(/check the secret key/i)
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(
      secretKey,
    )
  })
  it('an unknown access key says to check the access key', async () => {
    const other = clientOf(jss, { credentials: { accessKey: 'nobody', secretKey: 'secret-xyz' } })
    const error = (await other
      .listObjects({ bucket: 'test' })
      .catch((e: unknown) => e)) as JssServiceError
    await other.close()
    expect(error.code).toBe('InvalidAccessKeyId')
    expect(error.message).toMatch(/check the access key/i)
    expect(error.message).not.toContain('secret-xyz')
  })
})
