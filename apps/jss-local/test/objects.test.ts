import { createHash } from 'node:crypto'
import { request } from 'node:http'
import { signRequest } from '@jss/signer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type JssLocal, startJssLocal } from '../src/index.js'
import { expectError, expectJson, HTTP_DATE } from './expect-reply.js'
import { rawExchange } from './raw-http.js'
import { send } from './send.js'

const md5 = (data: string | Buffer): string => createHash('md5').update(data).digest('hex')

let server: JssLocal
beforeAll(async () => {
  server = await startJssLocal({ buckets: ['objects'], maxPartSize: 64 })
})
afterAll(() => server.close())

describe('PUT object', () => {
  it('stores the bytes and answers the quoted MD5 ETag', async () => {
    const put = await send(server, {
      method: 'PUT',
      path: '/objects/dir/%C3%BC%20x.txt',
      body: 'hello',
      headers: {
        'Content-Type': 'text/plain',
        'x-jss-meta-color': 'blue',
        'Cache-Control': 'no-cache',
      },
    })
    expect(put.status).toBe(200)
    expect(put.body.length).toBe(0)
    expect(put.headers.etag).toBe(`"${md5('hello')}"`)
    expect(put.headers['x-jss-request-id']).toMatch(/^[0-9A-F]{16}$/)
    const get = await send(server, { method: 'GET', path: '/objects/dir/%C3%BC%20x.txt' })
    expect(get.status).toBe(200)
    expect(get.text).toBe('hello')
    expect(get.headers).toMatchObject({
      'content-type': 'text/plain',
      'content-length': '5',
      etag: `"${md5('hello')}"`,
      'accept-ranges': 'bytes',
      'x-jss-storage-class': 'STANDARD',
      'x-jss-meta-color': 'blue',
      'cache-control': 'no-cache',
    })
    expect(get.headers['last-modified']).toMatch(HTTP_DATE)
  })

  it('replaces an object', async () => {
    await send(server, { method: 'PUT', path: '/objects/replace', body: 'one' })
    await send(server, { method: 'PUT', path: '/objects/replace', body: 'two!' })
    expect((await send(server, { method: 'GET', path: '/objects/replace' })).text).toBe('two!')
  })

  it('accepts Content-MD5 in hex and in base64', async () => {
    const hex = md5('abc')
    const b64 = Buffer.from(hex, 'hex').toString('base64')
    for (const value of [hex, b64]) {
      const put = await send(server, {
        method: 'PUT',
        path: '/objects/md5',
        body: 'abc',
        headers: { 'Content-MD5': value },
      })
      expect(put.status).toBe(200)
    }
  })

  it('answers 400 BadDigest on a Content-MD5 mismatch and keeps the old object', async () => {
    await send(server, { method: 'PUT', path: '/objects/digest', body: 'kept' })
    const put = await send(server, {
      method: 'PUT',
      path: '/objects/digest',
      body: 'abc',
      headers: { 'Content-MD5': md5('abd') },
    })
    expectError(put, 400, 'BadDigest', '/objects/digest')
    expect((await send(server, { method: 'GET', path: '/objects/digest' })).text).toBe('kept')
  })

  it('answers 400 MissingContentLength for a chunked body', async () => {
    const headers = await signRequest(
      { method: 'PUT', url: `${server.endpoint}/objects/chunked` },
      server.credentials,
    )
    const status = await new Promise<{ status: number; code: string }>((resolve, reject) => {
      const url = new URL(server.endpoint)
      const req = request(
        { host: url.hostname, port: url.port, method: 'PUT', path: '/objects/chunked', headers },
        (res) => {
          let text = ''
          res.on('data', (c: Buffer) => {
            text += c
          })
          res.on('end', () => resolve({ status: res.statusCode ?? 0, code: JSON.parse(text).code }))
        },
      )
      req.on('error', reject)
      req.write('part one')
      req.end('part two')
    })
    expect(status).toEqual({ status: 400, code: 'MissingContentLength' })
  })

  it('answers 400 EntityTooLarge above the maximum size without reading the body', async () => {
    const put = await send(server, {
      method: 'PUT',
      path: '/objects/large',
      body: Buffer.alloc(65),
    })
    expectError(put, 400, 'EntityTooLarge')
    const exact = await send(server, {
      method: 'PUT',
      path: '/objects/large',
      body: Buffer.alloc(64),
    })
    expect(exact.status).toBe(200)
  })

  it('answers 400 IncompleteBody when the body ends early and stores nothing', async () => {
    const headers = await signRequest(
      { method: 'PUT', url: `${server.endpoint}/objects/short` },
      server.credentials,
    )
    const lines = Object.entries({
      ...headers,
      'Content-Length': '10',
      Host: new URL(server.endpoint).host,
    })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')
    const reply = await rawExchange(server, `PUT /objects/short HTTP/1.1\r\n${lines}\r\nabcde`, {
      halfClose: true,
    })
    expect(reply.status).toBe(400)
    expect(JSON.parse(reply.body).code).toBe('IncompleteBody')
    const get = await send(server, { method: 'GET', path: '/objects/short' })
    expectError(get, 404, 'NoSuchKey')
  })

  it('answers 400 KeyTooLong above 1022 bytes of UTF-8', async () => {
    const ok = await send(server, {
      method: 'PUT',
      path: `/objects/${'k'.repeat(1022)}`,
      body: 'x',
    })
    expect(ok.status).toBe(200)
    const long = await send(server, {
      method: 'PUT',
      path: `/objects/${'%C3%BC'.repeat(512)}`,
      body: 'x',
    })
    expectError(long, 400, 'KeyTooLong')
  })

  it('answers 404 NoSuchBucket for a missing bucket', async () => {
    expectError(
      await send(server, { method: 'PUT', path: '/missing-bucket/a', body: 'x' }),
      404,
      'NoSuchBucket',
      '/missing-bucket/a',
    )
  })

  it('answers 400 InvalidArgument for an unknown storage class', async () => {
    const put = await send(server, {
      method: 'PUT',
      path: '/objects/sc',
      body: 'x',
      headers: { 'x-jss-storage-class': 'GLACIER' },
    })
    expectError(put, 400, 'InvalidArgument')
  })
})

describe('GET and HEAD object', () => {
  beforeAll(async () => {
    await send(server, {
      method: 'PUT',
      path: '/objects/digits',
      body: '0123456789',
      headers: { 'x-jss-storage-class': 'REDUCED_REDUNDANCY' },
    })
  })

  it('answers a single range with 206 and Content-Range', async () => {
    const cases: [string, string, string][] = [
      ['bytes=2-5', '2345', 'bytes 2-5/10'],
      ['bytes=7-', '789', 'bytes 7-9/10'],
      ['bytes=-3', '789', 'bytes 7-9/10'],
      ['bytes=8-100', '89', 'bytes 8-9/10'],
    ]
    for (const [range, text, contentRange] of cases) {
      const get = await send(server, {
        method: 'GET',
        path: '/objects/digits',
        headers: { Range: range },
      })
      expect(get.status).toBe(206)
      expect(get.text).toBe(text)
      expect(get.headers['content-range']).toBe(contentRange)
      expect(get.headers['content-length']).toBe(String(text.length))
    }
  })

  it('answers 416 InvalidRange for an unsatisfiable range', async () => {
    const get = await send(server, {
      method: 'GET',
      path: '/objects/digits',
      headers: { Range: 'bytes=10-' },
    })
    expectError(get, 416, 'InvalidRange')
    expect(get.headers['content-range']).toBe('bytes */10')
  })

  it('answers HEAD with the GET headers and no body', async () => {
    const head = await send(server, { method: 'HEAD', path: '/objects/digits' })
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
    expect(head.headers).toMatchObject({
      'content-length': '10',
      etag: `"${md5('0123456789')}"`,
      'x-jss-storage-class': 'REDUCED_REDUNDANCY',
      'content-type': 'application/octet-stream',
    })
  })

  it('answers HEAD errors without a body', async () => {
    const head = await send(server, { method: 'HEAD', path: '/objects/none' })
    expect(head.status).toBe(404)
    expect(head.body.length).toBe(0)
    expect(head.headers['x-jss-request-id']).toMatch(/^[0-9A-F]{16}$/)
  })

  it('answers 404 NoSuchKey for a missing key', async () => {
    expectError(
      await send(server, { method: 'GET', path: '/objects/none' }),
      404,
      'NoSuchKey',
      '/objects/none',
    )
  })

  it('applies the signed response overrides', async () => {
    const get = await send(server, {
      method: 'GET',
      path: '/objects/digits?contentDisposition=attachment&contentType=text%2Fcsv',
    })
    expect(get.status).toBe(200)
    expect(get.headers['content-type']).toBe('text/csv')
    expect(get.headers['content-disposition']).toBe('attachment')
  })
})

describe('DELETE object', () => {
  it('answers 204, then 404 NoSuchKey', async () => {
    await send(server, { method: 'PUT', path: '/objects/gone', body: 'x' })
    const first = await send(server, { method: 'DELETE', path: '/objects/gone' })
    expect(first.status).toBe(204)
    expect(first.headers['x-jss-request-id']).toMatch(/^[0-9A-F]{16}$/)
    expectError(await send(server, { method: 'DELETE', path: '/objects/gone' }), 404, 'NoSuchKey')
  })
})

describe('addressing', () => {
  it('serves virtual-host requests (Host: bucket.localhost:PORT) like path-style ones', async () => {
    const port = new URL(server.endpoint).port
    const host = `objects.localhost:${port}`
    const put = await send(server, {
      method: 'PUT',
      path: '/virtual/key.txt',
      body: 'vhost',
      host,
      bucket: 'objects',
    })
    expect(put.status).toBe(200)
    expect((await send(server, { method: 'GET', path: '/objects/virtual/key.txt' })).text).toBe(
      'vhost',
    )
    const list = expectJson(
      await send(server, { method: 'GET', path: '/?prefix=virtual', host, bucket: 'objects' }),
    )
    expect(list).toMatchObject({ Name: 'objects', Contents: [{ Key: 'virtual/key.txt' }] })
  })

  it('answers 405 MethodNotAllowed for an unknown operation', async () => {
    expectError(
      await send(server, { method: 'POST', path: '/objects/key' }),
      405,
      'MethodNotAllowed',
    )
    expectError(await send(server, { method: 'POST', path: '/objects' }), 405, 'MethodNotAllowed')
    const unsigned = await send(server, { method: 'POST', path: '/objects/key', sign: false })
    expectError(unsigned, 403, 'AccessDenied')
  })
})

describe('malformed requests', () => {
  it('answers 431 RequestHeaderSectionTooLarge with a JSON body for oversized headers', async () => {
    const host = new URL(server.endpoint).host
    const reply = await rawExchange(
      server,
      `GET /objects/x HTTP/1.1\r\nHost: ${host}\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`,
    )
    expect(reply.status).toBe(431)
    expect(reply.headers['x-jss-request-id']).toMatch(/^[0-9A-F]{16}$/)
    expect(JSON.parse(reply.body).code).toBe('RequestHeaderSectionTooLarge')
  })

  it('answers 400 InvalidRequest for what is not HTTP', async () => {
    const reply = await rawExchange(server, 'NOT HTTP AT ALL\r\n\r\n')
    expect(reply.status).toBe(400)
    expect(JSON.parse(reply.body).code).toBe('InvalidRequest')
  })
})
