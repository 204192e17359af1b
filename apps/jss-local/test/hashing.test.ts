import { createHash, randomBytes } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { signRequest } from '@jss/signer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type JssLocal, startJssLocal } from '../src/index.js'
import { expectError } from './expect-reply.js'
import { rawExchange } from './raw-http.js'
import { send } from './send.js'

const md5 = (data: Buffer | string): string => createHash('md5').update(data).digest('hex')

describe.each([
  { hashThreads: 0, name: 'on the main thread' },
  { hashThreads: 2, name: 'in worker threads' },
])('bodies hashed $name', ({ hashThreads }) => {
  let server: JssLocal
  beforeAll(async () => {
    server = await startJssLocal({
      buckets: ['hash'],
      hashThreads,
      minPartSize: 1,
      bodyIdleTimeoutMs: 300,
    })
  })
  afterAll(() => server.close())

  it('stores several MiB and parallel parts byte for byte with their MD5', async () => {
    const big = randomBytes(3 * 1024 * 1024 + 17)
    const put = await send(server, { method: 'PUT', path: '/hash/big', body: big })
    expect({ status: put.status, body: put.text }).toMatchObject({ status: 200 })
    expect(put.headers.etag).toBe(`"${md5(big)}"`)
    expect((await send(server, { method: 'GET', path: '/hash/big' })).body.equals(big)).toBe(true)
    const init = await send(server, { method: 'POST', path: '/hash/mp?uploads' })
    const uploadId = (init.json as { UploadId: string }).UploadId
    const parts = [1, 2, 3, 4].map(() => randomBytes(700_000))
    const replies = await Promise.all(
      parts.map((body, i) =>
        send(server, {
          method: 'PUT',
          path: `/hash/mp?partNumber=${i + 1}&uploadId=${uploadId}`,
          body,
        }),
      ),
    )
    expect(replies.map((r) => r.headers.etag)).toEqual(parts.map((p) => `"${md5(p)}"`))
    expect(server.counters.peakPartsInFlight).toBeGreaterThanOrEqual(1)
  })

  it('answers BadDigest and IncompleteBody and leaves no temporary file', async () => {
    const put = await send(server, {
      method: 'PUT',
      path: '/hash/bad',
      body: 'abc',
      headers: { 'Content-MD5': md5('abd') },
    })
    expectError(put, 400, 'BadDigest')
    const headers = await signRequest(
      { method: 'PUT', url: `${server.endpoint}/hash/short` },
      server.credentials,
    )
    const lines = Object.entries({
      ...headers,
      'Content-Length': '100',
      Host: new URL(server.endpoint).host,
    })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')
    const reply = await rawExchange(
      server,
      `PUT /hash/short HTTP/1.1\r\n${lines}\r\n${'x'.repeat(60)}`,
      { halfClose: true },
    )
    expect(JSON.parse(reply.body).code).toBe('IncompleteBody')
    expect(await readdir(join(server.data, 'tmp'))).toEqual([])
  })

  it('answers 400 RequestTimeout when the body stalls, and stores nothing', async () => {
    const headers = await signRequest(
      { method: 'PUT', url: `${server.endpoint}/hash/stalled` },
      server.credentials,
    )
    const lines = Object.entries({
      ...headers,
      'Content-Length': '100',
      Host: new URL(server.endpoint).host,
    })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')
    const reply = await rawExchange(
      server,
      `PUT /hash/stalled HTTP/1.1\r\n${lines}\r\n${'x'.repeat(10)}`,
    )
    expect(reply.status).toBe(400)
    expect(JSON.parse(reply.body).code).toBe('RequestTimeout')
    expectError(await send(server, { method: 'GET', path: '/hash/stalled' }), 404, 'NoSuchKey')
    expect(await readdir(join(server.data, 'tmp'))).toEqual([])
  })
})
