import { createHash } from 'node:crypto'
import { readdir, readFile, truncate } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type JssLocal, startJssLocal } from '../src/index.js'
import { RawConnection, rawHead } from './raw-connection.js'
import { rawExchange } from './raw-http.js'
import { send } from './send.js'

const md5 = (data: string): string => createHash('md5').update(data).digest('hex')

let server: JssLocal
const connections: RawConnection[] = []
beforeAll(async () => {
  server = await startJssLocal({ buckets: ['conn', 'trunc'] })
  expect((await send(server, { method: 'PUT', path: '/conn/present', body: 'here' })).status).toBe(
    200,
  )
})
afterEach(() => {
  for (const connection of connections.splice(0)) connection.destroy()
})
afterAll(() => server.close())

function open(): RawConnection {
  const connection = new RawConnection(server)
  connections.push(connection)
  return connection
}

/** A raw answer is the contract's JSON error. */
function expectRawError(
  reply: { status: number; headers: Record<string, string>; body: string },
  status: number,
  code: string,
): void {
  expect({ status: reply.status, body: reply.body }).toMatchObject({ status })
  expect(reply.headers['content-type']).toBe('application/json;charset=UTF-8')
  expect(reply.headers['x-jss-request-id']).toMatch(/^[0-9A-F]{16}$/)
  expect(JSON.parse(reply.body)).toEqual({
    code,
    message: expect.any(String),
    resource: expect.any(String),
    requestId: reply.headers['x-jss-request-id'],
  })
}

describe('keep-alive', () => {
  it('a HEAD error carries Content-Length: 0 and the connection serves the next request', async () => {
    const connection = open()
    connection.write(await rawHead(server, 'HEAD', '/conn/missing'))
    const head = await connection.read({ head: true })
    expect(head.status).toBe(404)
    expect(head.headers['content-length']).toBe('0')
    expect(head.headers['x-jss-request-id']).toMatch(/^[0-9A-F]{16}$/)
    connection.write(await rawHead(server, 'HEAD', '/conn/missing', { sign: false }))
    const unsigned = await connection.read({ head: true })
    expect(unsigned.status).toBe(403)
    expect(unsigned.headers['content-length']).toBe('0')
    connection.write(await rawHead(server, 'GET', '/conn/present'))
    const get = await connection.read()
    expect(get.status).toBe(200)
    expect(get.body).toBe('here')
    expect(connection.isClosed).toBe(false)
  })
})

describe('Expect and CONNECT', () => {
  it('answers an Expect other than 100-continue with 417 and a JSON error', async () => {
    const head = await rawHead(server, 'GET', '/conn/present', { headers: { Expect: 'foo' } })
    const connection = open()
    connection.write(head)
    const reply = await connection.read()
    expectRawError(reply, 417, 'InvalidArgument')
    expect(JSON.parse(reply.body).resource).toBe('/conn/present')
    expect(reply.headers.connection).toBe('close')
    await connection.closed
  })

  it('answers CONNECT with 405 MethodNotAllowed as JSON and closes the connection', async () => {
    const reply = await rawExchange(server, 'CONNECT /conn HTTP/1.1\r\nHost: x\r\n\r\n')
    expectRawError(reply, 405, 'MethodNotAllowed')
    expect(reply.headers.connection).toBe('close')
    const authority = await rawExchange(server, 'CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: x\r\n\r\n')
    expectRawError(authority, 405, 'MethodNotAllowed')
  })

  it('sends 100 Continue only once the request is authenticated', async () => {
    const body = 'continued'
    const signed = await rawHead(server, 'PUT', '/conn/continued', {
      headers: { Expect: '100-continue', 'Content-Length': String(body.length) },
    })
    const connection = open()
    connection.write(signed)
    expect((await connection.read()).status).toBe(100)
    connection.write(body)
    const put = await connection.read()
    expect(put.status).toBe(200)
    expect(put.headers.etag).toBe(`"${md5(body)}"`)

    const unsigned = await rawHead(server, 'PUT', '/conn/refused', {
      headers: { Expect: '100-continue', 'Content-Length': '10' },
      sign: false,
    })
    const refused = open()
    refused.write(unsigned)
    // The final answer comes first, without the body ever being sent, and the connection closes.
    expectRawError(await refused.read(), 403, 'AccessDenied')
    await refused.closed
    expect((await send(server, { method: 'HEAD', path: '/conn/refused' })).status).toBe(404)
  })
})

describe('a blob truncated on disk', () => {
  it('closes the connection instead of leaving a GET hanging', async () => {
    const body = 'y'.repeat(4000)
    expect((await send(server, { method: 'PUT', path: '/trunc/file', body })).status).toBe(200)
    const dir = join(server.data, 'objects', 'trunc')
    const [name] = await readdir(dir)
    const record = JSON.parse(await readFile(join(dir, name ?? ''), 'utf8')) as {
      segments: { blob: string }[]
    }
    await truncate(join(server.data, 'blobs', record.segments[0]?.blob ?? ''), 100)
    const connection = open()
    connection.write(await rawHead(server, 'GET', '/trunc/file'))
    await expect(connection.read()).rejects.toThrow(/connection closed/)
    await connection.closed
  })
})
