// Fuzzing jss-local's request parsing: random methods, paths, queries, headers and bodies sent as
// raw HTTP over node:net to startJssLocal, half of them correctly signed so that routing and the
// handlers are reached. Every answer is a valid success or a well-formed JSON error with the
// contract's fields; nothing is a 500; no unhandled rejection; the server still answers afterwards.
import { signRequest } from '@jss/signer'
import fc from 'fast-check'
import { type JssLocal, startJssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RawAnswer, rawExchange } from './raw-http.js'

let jss: JssLocal
let port: string
const rejections: unknown[] = []
const onRejection = (reason: unknown): void => {
  rejections.push(reason)
}

beforeAll(async () => {
  process.on('unhandledRejection', onRejection)
  jss = await startJssLocal({ buckets: ['fuzz'], minPartSize: 1, maxPartSize: 4096, maxParts: 20 })
  port = new URL(jss.endpoint).port
})
afterAll(async () => {
  process.off('unhandledRejection', onRejection)
  await jss.close()
})

const segment = fc.oneof(
  fc.constantFrom(
    'fuzz',
    'k',
    'nosuch',
    '..',
    '.',
    '',
    '%2F',
    '%00',
    '%zz',
    '%',
    '%c3%28',
    '~',
    'a b',
    '%E2%82%AC',
  ),
  fc.stringMatching(/^[A-Za-z0-9._~%!$&'()*+,;=:@-]{0,12}$/),
)
const path = fc.oneof(
  fc.array(segment, { minLength: 0, maxLength: 4 }).map((s) => `/${s.join('/')}`),
  fc.constantFrom('*', '//', '/fuzz//k', 'http://evil/fuzz/k', '/fuzz/k#frag'),
)
const queryParam = fc.oneof(
  fc.constantFrom(
    'uploads',
    'uploadId=x',
    'uploadId=',
    'partNumber=1',
    'partNumber=0',
    'partNumber=-1',
    'partNumber=99999999999999999999',
    'partNumber=1e3',
    'max-keys=-5',
    'max-keys=abc',
    'max-parts=100000',
    'max-uploads=0',
    'prefix=%',
    'marker=%ff',
    'delimiter=',
    'Expires=1',
    'AccessKey=x',
    'Signature=%%%',
    'acl',
    'x=1&x=2',
  ),
  fc
    .tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
)
const query = fc
  .array(queryParam, { maxLength: 4 })
  .map((q) => (q.length === 0 ? '' : `?${q.join('&')}`))
const method = fc.oneof(
  fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT'),
  fc.stringMatching(/^[A-Z]{1,10}$/),
)
const headerValue = fc.oneof(
  fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, '')),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '99999999999999999999',
    'bytes=0-0',
    'bytes=5-1',
    'bytes=-0',
    '"etag"',
    'text/html',
  ),
)
const extraHeaders = fc.array(
  fc.tuple(
    fc.constantFrom(
      'Content-Type',
      'Content-MD5',
      'Range',
      'x-jss-meta-a',
      'x-jss-storage-class',
      'x-jss-server-side-encryption',
      'If-None-Match',
      'Transfer-Encoding',
      'X-Anything',
    ),
    headerValue,
  ),
  { maxLength: 4 },
)
const body = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 64 }),
  fc.constantFrom(
    '{"Part":[{"PartNumber":1,"ETag":"x"}]}',
    '[{"PartNumber":"1","ETag":"\\"abc\\""}]',
    '{"Part":[]}',
    '{"Part":[{"PartNumber":2},{"PartNumber":1}]}',
    '{"Part":',
    'null',
    '[[[[[[[[[[]]]]]]]]]]',
  ),
)
const request = fc.record({ method, path, query, extraHeaders, body, signed: fc.boolean() })

const ERROR_FIELDS = ['code', 'message', 'resource', 'requestId']

/** The answer is a success or a JSON error with the contract's fields (HEAD: no body). */
function checkAnswer(method: string, answer: RawAnswer): void {
  expect(answer.status, 'an answer').toBeTypeOf('number')
  const status = answer.status ?? 0
  expect(status, answer.body).not.toBe(500)
  expect(status).toBeGreaterThanOrEqual(200)
  expect(status).toBeLessThan(600)
  if (status < 400 || method === 'HEAD') return
  if (status === 400 && answer.headers['x-jss-request-id'] === undefined) {
    // Node's own HTTP parser refused the request line or a header (no request was made):
    // still a JSON error body when one is sent.
    if (answer.body === '') return
  }
  expect(answer.headers['content-type']).toMatch(/^application\/json/)
  const json = JSON.parse(answer.body) as Record<string, unknown>
  for (const field of ERROR_FIELDS)
    expect(json[field], `${field} in ${answer.body}`).toBeTypeOf('string')
}

interface FuzzRequest {
  method: string
  path: string
  query: string
  extraHeaders: [string, string][]
  body: string
  signed: boolean
}

async function send(r: FuzzRequest): Promise<RawAnswer> {
  const target = `${r.path}${r.query}`
  const bytes = Buffer.from(r.body)
  let headers: [string, string][] = [...r.extraHeaders, ['Content-Length', String(bytes.length)]]
  if (r.signed && target.startsWith('/')) {
    try {
      const signed = await signRequest(
        { method: r.method, url: `http://127.0.0.1:${port}${target}`, headers },
        jss.credentials,
      )
      headers = Object.entries(signed)
    } catch {
      // Not signable (the signer refuses it with a typed error): send it unsigned.
    }
  }
  const head = `${r.method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}Connection: close\r\n\r\n`
  return rawExchange(jss.endpoint, Buffer.concat([Buffer.from(head, 'latin1'), bytes]), {
    timeoutMs: 10_000,
  })
}

describe('jss-local request parsing under fuzzing (raw HTTP over node:net)', () => {
  it('random requests: a success or a well-formed JSON error, never a 500 or a crash', async () => {
    let reachedHandlers = 0
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const answer = await send(r)
        checkAnswer(r.method, answer)
        const alive = await rawExchange(
          jss.endpoint,
          `GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        )
        expect(alive.status).toBe(403)
        if (answer.status !== 403 && answer.status !== 405) reachedHandlers++
      }),
      { numRuns: 600, seed: 9 },
    )
    // The signed half gets past authentication into routing and the handlers.
    expect(reachedHandlers).toBeGreaterThan(40)
    expect(rejections).toEqual([])
  }, 120_000)

  it('malformed HTTP (bad request lines, header syntax, lengths): refused, and the server still answers', async () => {
    const heads = [
      'GET\r\n\r\n',
      'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
      'GET /fuzz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
      'GET /fuzz HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
      'PUT /fuzz/k HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'GET /fuzz HTTP/1.1\r\nBad Header\r\n\r\n',
      'GET /fuzz HTTP/1.1\r\nHost: x\r\nX: a\0b\r\n\r\n',
      '\0\0\0\0\r\n\r\n',
      `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      'PUT /fuzz/k HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc',
    ]
    for (const head of heads) {
      const answer = await rawExchange(jss.endpoint, Buffer.from(head, 'latin1'), {
        timeoutMs: 5000,
      })
      if (answer.status !== undefined) {
        expect(answer.status).toBeGreaterThanOrEqual(400)
        expect(answer.status).toBeLessThan(500)
      }
    }
    const after = await rawExchange(
      jss.endpoint,
      `GET /fuzz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    )
    expect(after.status).toBe(403)
    expect(JSON.parse(after.body)).toMatchObject({ code: 'AccessDenied' })
    expect(rejections).toEqual([])
  }, 60_000)

  // Node's HTTP server would answer these itself (a bare 417, or a closed socket for CONNECT);
  // jss-local handles 'checkExpectation' and 'connect' so that they too get the contract's JSON error.
  it('Expect: foo and CONNECT get a JSON error with the contract fields', async () => {
    for (const head of [
      `GET /fuzz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nExpect: foo\r\nConnection: close\r\n\r\n`,
      `CONNECT /fuzz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    ]) {
      const answer = await rawExchange(jss.endpoint, head, { timeoutMs: 5000 })
      expect(answer.status, head).toBeGreaterThanOrEqual(400)
      expect(answer.headers['x-jss-request-id'], head).toBeTypeOf('string')
      expect(JSON.parse(answer.body)).toMatchObject({ code: expect.any(String) })
    }
  })
})
