import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type JssLocal, JssLocalOptionError, startJssLocal } from '../src/index.js'
import { expectError } from './expect-reply.js'
import { rawExchange } from './raw-http.js'
import { type Reply, send } from './send.js'

const PAGE = 'http://page.test:8080'
const EXPOSED = 'ETag, x-jss-request-id, Content-Length, Content-Range, Date'

let server: JssLocal
let anyOrigin: JssLocal
let off: JssLocal
beforeAll(async () => {
  ;[server, anyOrigin, off] = await Promise.all([
    startJssLocal({ buckets: ['cors'], cors: [PAGE, 'HTTPS://Other.Test:443'], hashThreads: 0 }),
    startJssLocal({ buckets: ['cors'], cors: ['*'], hashThreads: 0 }),
    startJssLocal({ buckets: ['cors'], hashThreads: 0 }),
  ])
})
afterAll(() => Promise.all([server.close(), anyOrigin.close(), off.close()]))

function corsHeaders(reply: { readonly headers: object }): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(reply.headers).filter(([name]) => name.startsWith('access-control-')),
  )
}

function preflight(
  target: JssLocal,
  origin: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return send(target, {
    method: 'OPTIONS',
    path: '/cors/page.bin',
    sign: false,
    headers: { Origin: origin, 'Access-Control-Request-Method': 'PUT', ...headers },
  })
}

function expectExposed(reply: Reply, origin = PAGE): void {
  expect(reply.headers['access-control-allow-origin']).toBe(origin)
  expect(reply.headers['access-control-expose-headers']).toBe(EXPOSED)
  if (origin !== '*') expect(reply.headers.vary).toBe('Origin')
  expect(reply.headers['access-control-allow-credentials']).toBeUndefined()
}

describe('cors option', () => {
  it('rejects origins that are not scheme://host[:port] or *, before any I/O', async () => {
    for (const origin of [
      'page.test',
      'http://page.test/',
      'http://page.test/x',
      'http://a b',
      '',
    ]) {
      await expect(startJssLocal({ cors: [origin] })).rejects.toBeInstanceOf(JssLocalOptionError)
    }
    for (const origin of ['http://page.test:65536', 'http://[:::]', 'http://999.1.1.1']) {
      await expect(startJssLocal({ cors: [origin] })).rejects.toThrow(/cors origin/)
    }
  })
})

describe('preflight', () => {
  it('answers an allowed origin with 204 before authentication, echoing it and the valid headers', async () => {
    const before = { ...server.counters.operations }
    const reply = await preflight(server, PAGE, {
      'Access-Control-Request-Headers': 'Content-Type, x-jss-meta-a,bad header,x-jss-meta-a, ,{}',
    })
    expect(reply.status).toBe(204)
    expect(reply.body.length).toBe(0)
    expect(corsHeaders(reply)).toEqual({
      'access-control-allow-origin': PAGE,
      'access-control-allow-methods': 'GET, PUT, POST, DELETE, HEAD',
      'access-control-allow-headers': 'content-type, x-jss-meta-a',
      'access-control-max-age': '600',
    })
    expect(reply.headers.vary).toBe('Origin')
    expect(reply.headers['x-jss-request-id']).toMatch(/^[0-9A-F]{16}$/)
    // No operation ran: nothing routed, nothing stored.
    expect(server.counters.operations).toEqual(before)
    expect((await send(server, { method: 'GET', path: '/cors/page.bin' })).status).toBe(404)
  })

  it('leaves Access-Control-Allow-Headers out when none are requested', async () => {
    const reply = await preflight(server, PAGE)
    expect(reply.status).toBe(204)
    expect(reply.headers['access-control-allow-headers']).toBeUndefined()
  })

  it('matches origins as browsers serialize them (lowercase, no default port)', async () => {
    const reply = await preflight(server, 'https://other.test')
    expect(reply.status).toBe(204)
    expect(reply.headers['access-control-allow-origin']).toBe('https://other.test')
  })

  it('answers * when any origin is configured', async () => {
    const reply = await preflight(anyOrigin, 'http://anywhere.test:1')
    expect(reply.status).toBe(204)
    expect(reply.headers['access-control-allow-origin']).toBe('*')
    expect(reply.headers.vary).toBeUndefined()
  })

  it('gives a denied origin, or any OPTIONS with CORS off, the answer it gets without CORS', async () => {
    const today = await preflight(off, PAGE)
    expectError(today, 403, 'AccessDenied', '/cors/page.bin')
    for (const reply of [
      await preflight(server, 'http://evil.test'),
      await preflight(server, 'http://page.test:8081'),
      await preflight(server, 'null'),
    ]) {
      expectError(reply, 403, 'AccessDenied', '/cors/page.bin')
      expect(corsHeaders(reply)).toEqual({})
      expect(reply.headers.vary).toBeUndefined()
    }
    // Without Access-Control-Request-Method it is no preflight: authenticated, then 405.
    const signed = await send(server, {
      method: 'OPTIONS',
      path: '/cors/page.bin',
      headers: { Origin: PAGE },
    })
    expectError(signed, 405, 'MethodNotAllowed')
    expectExposed(signed)
  })

  it('never reads a body sent with a preflight: the connection closes after the answer', async () => {
    const port = new URL(server.endpoint).port
    const reply = await rawExchange(
      server,
      `OPTIONS /cors/page.bin HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${PAGE}\r\n` +
        'Access-Control-Request-Method: PUT\r\nContent-Length: 100000\r\n\r\nabc',
      { halfClose: true },
    )
    expect(reply.status).toBe(204)
    expect(reply.headers.connection).toBe('close')
    expect(reply.headers['access-control-allow-origin']).toBe(PAGE)
  })
})

describe('actual requests', () => {
  it('adds the CORS headers to PUT, GET and HEAD from an allowed origin', async () => {
    const headers = { Origin: PAGE }
    const put = await send(server, { method: 'PUT', path: '/cors/a.txt', body: 'hello', headers })
    expect(put.status).toBe(200)
    expectExposed(put)
    const get = await send(server, { method: 'GET', path: '/cors/a.txt', headers })
    expect(get.text).toBe('hello')
    expectExposed(get)
    expect(get.headers.etag).toBe(put.headers.etag)
    const range = await send(server, {
      method: 'GET',
      path: '/cors/a.txt',
      headers: { ...headers, Range: 'bytes=1-2' },
    })
    expect(range.status).toBe(206)
    expectExposed(range)
    expectExposed(await send(server, { method: 'HEAD', path: '/cors/a.txt', headers }))
    const any = await send(anyOrigin, { method: 'GET', path: '/cors', headers })
    expect(any.status).toBe(200)
    expectExposed(any, '*')
  })

  it('adds them to errors, and still authenticates every request', async () => {
    const headers = { Origin: PAGE }
    const unsigned = await send(server, {
      method: 'PUT',
      path: '/cors/unsigned.txt',
      body: 'x',
      headers,
      sign: false,
    })
    expectError(unsigned, 403, 'AccessDenied')
    expectExposed(unsigned)
    const missing = await send(server, { method: 'GET', path: '/cors/unsigned.txt', headers })
    expectError(missing, 404, 'NoSuchKey')
    expectExposed(missing)
    const head = await send(server, { method: 'HEAD', path: '/cors/unsigned.txt', headers })
    expect(head.status).toBe(404)
    expectExposed(head)
    const port = new URL(server.endpoint).port
    const expectation = await rawExchange(
      server,
      `PUT /cors/e HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${PAGE}\r\nExpect: later\r\n` +
        'Content-Length: 0\r\nConnection: close\r\n\r\n',
    )
    expect(expectation.status).toBe(417)
    expect(expectation.headers['access-control-allow-origin']).toBe(PAGE)
  })

  it('adds nothing for a request without Origin, from another origin, or with CORS off', async () => {
    for (const [target, headers] of [
      [server, {}],
      [server, { Origin: 'http://evil.test' }],
      [off, { Origin: PAGE }],
    ] as const) {
      const reply = await send(target, { method: 'GET', path: '/cors', headers })
      expect(reply.status).toBe(200)
      expect(corsHeaders(reply)).toEqual({})
      expect(reply.headers.vary).toBeUndefined()
    }
  })
})

describe('a preflight is not a way around the Host check', () => {
  it('answers 400 for a bad Host, with no preflight headers', async () => {
    const reply = await send(server, {
      method: 'OPTIONS',
      path: '/cors/page.bin',
      sign: false,
      host: 'x/cors/page.bin?',
      headers: { Origin: PAGE, 'Access-Control-Request-Method': 'PUT' },
    })
    expectError(reply, 400, 'InvalidArgument')
    expect(reply.headers['access-control-allow-methods']).toBeUndefined()
  })
})
