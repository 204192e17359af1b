// The discard server's raw-socket cases (`../src/discard-server.mjs`): every request of both dialects,
// sent whole, byte by byte, pipelined, chunked (extensions and trailers), with Expect: 100-continue,
// and bad requests, each with a check of the answers. One list, two users: discard-server.test.ts
// asserts every case (CI runs it); ../src/discard-server-transcript.mjs prints the raw answers instead,
// normalized, so that two servers' transcripts can be diffed.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { connect } from 'node:net'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { s3MultipartEtag } from '@jss/protocol'

/** The server under test by default. */
export const discardServer = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'src',
  'discard-server.mjs',
)

const md5 = (text) => createHash('md5').update(text).digest('hex')
const s3Auth =
  'Authorization: AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/s3/aws4_request\r\n'

/**
 * Starts the server `script` (it listens on port 0 and prints its endpoint); resolves with
 * { port, child }.
 * @param {string} [script]
 */
export async function start(script = discardServer) {
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise((ok, fail) => {
    createInterface({ input: child.stdout }).once('line', ok)
    child.once('exit', (code) => fail(new Error(`server exited with ${code}`)))
  })
  const { endpoint } = JSON.parse(line)
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(endpoint)) throw new Error(`endpoint ${line}`)
  return { port: Number(new URL(endpoint).port), child }
}

/**
 * Stops the server by its PID with SIGTERM; resolves with its exit code (or the signal that ended it).
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<number | string | null>}
 */
export function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.exitCode ?? child.signalCode)
  const exited = new Promise((done) => child.once('exit', (code, signal) => done(code ?? signal)))
  if (child.pid !== undefined) process.kill(child.pid, 'SIGTERM')
  return exited
}

/**
 * Sends `pieces` (strings or Buffers; each split further into `step`-byte writes if given, a tick apart)
 * on one socket; `waitFor(text)` before a piece named `{ after: text }` waits for that text in what
 * came back. Resolves with everything received until the server closes or `idle` ms pass quietly.
 */
export function exchange(port, pieces, { step = 0, idle = 300 } = {}) {
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1')
    const received = []
    let closed = false
    let timer
    const text = () => Buffer.concat(received).toString('latin1')
    const finish = () => {
      clearTimeout(timer)
      socket.destroy()
      ok({ text: text(), closed })
    }
    const arm = () => {
      clearTimeout(timer)
      timer = setTimeout(finish, idle)
    }
    socket.on('data', (data) => {
      received.push(data)
      arm()
    })
    socket.on('end', () => {
      closed = true
      finish()
    })
    socket.on('error', (error) => {
      if (error.code !== 'ECONNRESET') return fail(error)
      closed = true
      finish()
    })
    socket.on('connect', async () => {
      for (const piece of pieces) {
        if (piece.after) {
          const deadline = Date.now() + 2000
          while (!text().includes(piece.after)) {
            if (Date.now() > deadline) return finish()
            await new Promise((r) => setTimeout(r, 5))
          }
          continue
        }
        const bytes = Buffer.from(piece, 'latin1')
        const size = step || bytes.length
        for (let i = 0; i < bytes.length; i += size) {
          if (socket.destroyed) break
          socket.write(bytes.subarray(i, i + size))
          if (step) await new Promise((r) => setImmediate(r))
        }
      }
      arm()
    })
  })
}

/**
 * Splits a raw byte stream of responses into { status, headers (lower-case names), body }.
 * @param {string} raw
 * @returns {Response[]}
 */
export function parseResponses(raw) {
  const out = []
  let rest = raw
  while (rest.length) {
    const end = rest.indexOf('\r\n\r\n')
    if (end === -1) throw new Error(`incomplete response: ${JSON.stringify(rest)}`)
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n')
    const status = Number(statusLine.split(' ')[1])
    const headers = {}
    for (const line of lines) {
      const colon = line.indexOf(':')
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
    }
    // node:http's canned 400 (no Host) and 417 end with an empty chunked body
    if (headers['transfer-encoding'] === 'chunked' && rest.startsWith('0\r\n\r\n', end + 4)) {
      out.push({ status, headers, body: '', statusLine })
      rest = rest.slice(end + 9)
      continue
    }
    const length = status === 100 ? 0 : Number(headers['content-length'] ?? 0)
    const body = Buffer.from(rest.slice(end + 4), 'latin1')
      .subarray(0, length)
      .toString('utf8')
    out.push({ status, headers, body, statusLine })
    rest = rest.slice(end + 4 + Buffer.byteLength(body))
  }
  return out
}

/**
 * @typedef {{ status: number, headers: Record<string, string>, body: string, statusLine: string }} Response
 * @typedef {{
 *   name: string,
 *   pieces: (string | { after: string })[],
 *   check: (responses: Response[], answer: { closed: boolean, text: string }) => void,
 *   options: { step?: number, idle?: number, parse?: boolean },
 * }} Case
 */
/** @type {Case[]} */
export const cases = []
/**
 * One case: raw request pieces, a check of the parsed responses (none with `parse: false`) and of
 * `{ closed, text }` (it throws when the answer is wrong), and the options of `exchange`.
 * @param {Case['name']} name
 * @param {Case['pieces']} pieces
 * @param {Case['check']} check
 * @param {Case['options']} [options]
 */
const add = (name, pieces, check, options = {}) => cases.push({ name, pieces, check, options })

/**
 * Runs one case against the server on `port`: resolves with { responses, closed, text }.
 * @param {number} port
 * @param {Case} kase
 */
export async function run(port, { pieces, options }) {
  const { text, closed } = await exchange(port, pieces, options)
  return { responses: options.parse === false ? [] : parseResponses(text), closed, text }
}
function expectCommon(r, status) {
  assert(r.status === status, `status ${r.status}, expected ${status}`)
  assert(/^[0-9a-f-]{36}$/.test(r.headers['x-jss-request-id']), 'x-jss-request-id')
  assert(r.headers['x-amz-request-id'] === r.headers['x-jss-request-id'], 'x-amz-request-id')
  assert(Number(r.headers['content-length']) === Buffer.byteLength(r.body), 'content-length')
}
const jsonType = 'application/json;charset=UTF-8'

const initiateJss = 'POST /bench/dir/a%20b?uploads HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n'
add('initiate, JSS', [initiateJss], ([r]) => {
  expectCommon(r, 200)
  assert(r.headers['content-type'] === jsonType, 'content-type')
  const body = JSON.parse(r.body)
  assert(
    body.Bucket === 'bench' && body.Key === 'dir/a b' && /^[0-9a-f]{32}$/.test(body.UploadId),
    r.body,
  )
})
add('initiate, S3', [`POST /bench/k?uploads HTTP/1.1\r\nHost: x\r\n${s3Auth}\r\n`], ([r]) => {
  expectCommon(r, 200)
  assert(r.headers['content-type'] === 'application/xml', 'content-type')
  assert(
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<InitiateMultipartUploadResult><Bucket>bench<\/Bucket><Key>k<\/Key><UploadId>[0-9a-f]{32}<\/UploadId><\/InitiateMultipartUploadResult>$/.test(
      r.body,
    ),
    r.body,
  )
})
const md5Empty = '1B2M2Y8AsgTpgAmY7PhCfg=='
const partMd5 = `PUT /bench/k?uploadId=u1&partNumber=3 HTTP/1.1\r\nHost: x\r\nContent-MD5: ${md5Empty}\r\nContent-Length: 10\r\n\r\n0123456789`
const etagOf = (r) => r.headers.etag
add('part, Content-MD5 (base64) echoed', [partMd5], ([r]) => {
  expectCommon(r, 200)
  assert(etagOf(r) === '"d41d8cd98f00b204e9800998ecf8427e"', etagOf(r))
})
add(
  'part, Content-MD5 (hex) echoed lower-case',
  [
    'PUT /bench/k?uploadId=u1&partNumber=1 HTTP/1.1\r\nHost: x\r\nContent-MD5: D41D8CD98F00B204E9800998ECF8427E\r\nContent-Length: 1\r\n\r\nx',
  ],
  ([r]) => assert(etagOf(r) === '"d41d8cd98f00b204e9800998ecf8427e"', etagOf(r)),
)
add(
  'part, no Content-MD5: md5(partNumber:size)',
  ['PUT /bench/k?uploadId=u1&partNumber=7 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello'],
  ([r]) => assert(etagOf(r) === `"${md5('7:5')}"`, etagOf(r)),
)
const chunked =
  'PUT /bench/k?uploadId=u1&partNumber=2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n' +
  '5\r\nhello\r\n' +
  'A;name=value;flag\r\n0123456789\r\n' +
  '1a;ext="quoted ; \\"value\\""\r\nabcdefghijklmnopqrstuvwxyz\r\n' +
  '0;last\r\nX-Trailer: one\r\nX-Other: two\r\n\r\n'
add('part, chunked with extensions and trailers', [chunked], ([r]) => {
  expectCommon(r, 200)
  assert(etagOf(r) === `"${md5('2:41')}"`, `${etagOf(r)} (41 bytes)`)
})
add(
  'part, Expect: 100-continue',
  [
    'PUT /bench/k?uploadId=u1&partNumber=4 HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n',
    { after: '\r\n\r\n' },
    'abcd',
  ],
  (responses) => {
    assert(
      responses.length === 2 && responses[0].statusLine === 'HTTP/1.1 100 Continue',
      'no 100 Continue',
    )
    assert(Object.keys(responses[0].headers).length === 0, '100 Continue has headers')
    assert(etagOf(responses[1]) === `"${md5('4:4')}"`, etagOf(responses[1]))
  },
)
const completeJssBody = JSON.stringify([
  { PartNumber: 1, ETag: '"aaaa"' },
  { PartNumber: 2, ETag: 'bbbb' },
])
const completeJss = `POST /bench/k?uploadId=u1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${completeJssBody.length}\r\n\r\n${completeJssBody}`
add('complete, JSS', [completeJss], ([r]) => {
  expectCommon(r, 200)
  assert(r.headers['content-type'] === jsonType, 'content-type')
  assert(r.body === JSON.stringify({ Bucket: 'bench', Key: 'k', ETag: md5('aaaabbbb') }), r.body)
})
const completeJssPart = JSON.stringify({ Part: [{ PartNumber: 1, ETag: '"cc"' }] })
add(
  'complete, JSS ({ Part }), chunked',
  [
    `POST /bench/k?uploadId=u1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n${completeJssPart.slice(0, 4)}\r\n${(completeJssPart.length - 4).toString(16)}\r\n${completeJssPart.slice(4)}\r\n0\r\n\r\n`,
  ],
  ([r]) =>
    assert(r.body === JSON.stringify({ Bucket: 'bench', Key: 'k', ETag: md5('cc') }), r.body),
)
const partEtags = [md5('a'), md5('b')]
const completeS3Body = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"${partEtags[0]}"</ETag></Part><Part><PartNumber>2</PartNumber><ETag>&quot;${partEtags[1]}&quot;</ETag></Part></CompleteMultipartUpload>`
add(
  'complete, S3',
  [
    `POST /bench/k%C3%A9?uploadId=u1 HTTP/1.1\r\nHost: x\r\n${s3Auth}Content-Length: ${completeS3Body.length}\r\n\r\n${completeS3Body}`,
  ],
  ([r]) => {
    expectCommon(r, 200)
    assert(r.headers['content-type'] === 'application/xml', 'content-type')
    assert(
      r.body ===
        `<?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUploadResult><Location>http://discard/bench/k%C3%A9?uploadId=u1</Location><Bucket>bench</Bucket><Key>ké</Key><ETag>"${s3MultipartEtag(partEtags)}"</ETag></CompleteMultipartUploadResult>`,
      r.body,
    )
  },
)
add('abort', ['DELETE /bench/k?uploadId=u1 HTTP/1.1\r\nHost: x\r\n\r\n'], ([r]) => {
  assert(r.status === 204, `status ${r.status}`)
})
add('create bucket', ['PUT /bench HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n'], ([r]) =>
  expectCommon(r, 201),
)
add('put object', ['PUT /bench/obj HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc'], ([r]) =>
  assert(etagOf(r) === `"${md5('3')}"`, etagOf(r)),
)
add('list uploads', ['GET /bench?uploads&prefix=p%2F HTTP/1.1\r\nHost: x\r\n\r\n'], ([r]) => {
  expectCommon(r, 200)
  assert(
    r.body ===
      JSON.stringify({
        Bucket: 'bench',
        Prefix: 'p/',
        Upload: [],
        NextKeyMarker: null,
        NextUploadIdMarker: null,
        HasNext: false,
      }),
    r.body,
  )
})
add('not found', ['GET /bench/nothing HTTP/1.1\r\nHost: x\r\n\r\n'], ([r]) => {
  expectCommon(r, 404)
  const body = JSON.parse(r.body)
  assert(body.code === 'NoSuchKey' && body.resource === '/bench/nothing', r.body)
  assert(body.requestId === r.headers['x-jss-request-id'], 'requestId')
})
// parseResponses would take the second answer for the HEAD's body: checked on the raw text
add(
  'HEAD not found: no body',
  ['HEAD /bench/nothing HTTP/1.1\r\nHost: x\r\n\r\n', 'GET /x HTTP/1.1\r\nHost: x\r\n\r\n'],
  (_, { text }) =>
    assert(
      /^HTTP\/1\.1 404 Not Found\r\n[\s\S]*?\r\n\r\nHTTP\/1\.1 404 Not Found\r\n/.test(text),
      'HEAD body sent',
    ),
  { parse: false },
)

const everything = [
  initiateJss,
  partMd5,
  chunked,
  completeJss,
  'DELETE /bench/k?uploadId=u1 HTTP/1.1\r\nHost: x\r\n\r\n',
]
const pipelined = (responses, { closed }) => {
  assert(
    responses.map((r) => r.status).join() === '200,200,200,200,204',
    responses.map((r) => r.status).join(),
  )
  assert(etagOf(responses[2]) === `"${md5('2:41')}"`, 'chunked part')
  assert(!closed, 'closed a keep-alive connection')
}
add('pipelined, one write', [everything.join('')], pipelined)
add('pipelined, byte by byte', [everything.join('')], pipelined, { step: 1 })
add('pipelined, 3 bytes at a time', [everything.join('')], pipelined, { step: 3 })
add('pipelined, 7 bytes at a time', [everything.join('')], pipelined, { step: 7 })
add(
  'Connection: close',
  ['GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /y HTTP/1.1\r\nHost: x\r\n\r\n'],
  (responses, { closed }) => {
    assert(
      responses.length === 1 && responses[0].headers.connection === 'close',
      'one answer, Connection: close',
    )
    assert(closed, 'not closed')
  },
)
add('HTTP/1.0 closes', ['GET /x HTTP/1.0\r\n\r\n'], ([r], { closed }) => {
  assert(r.status === 404 && closed, 'HTTP/1.0')
})
add(
  'HTTP/1.0 keep-alive',
  ['GET /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'],
  ([r], { closed }) => {
    assert(r.status === 404 && !closed, 'HTTP/1.0 keep-alive')
  },
)
add('leading CRLF ignored', ['\r\nGET /x HTTP/1.1\r\nHost: x\r\n\r\n'], ([r]) =>
  assert(r.status === 404, 'status'),
)
const bad = (name, request) =>
  add(`bad: ${name}`, [request], (responses, { closed }) => {
    assert(
      responses.length === 1 && responses[0].status === 400,
      `got ${responses.map((r) => r.status)}`,
    )
    assert(closed, 'not closed')
  })
bad('request line', 'GARBAGE\r\n\r\n')
bad('version', 'GET / HTTP/2.0\r\nHost: x\r\n\r\n')
bad('header without colon', 'GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n')
bad('space before colon', 'GET / HTTP/1.1\r\nHost : x\r\n\r\n')
bad('no Host (HTTP/1.1)', 'GET / HTTP/1.1\r\n\r\n')
bad('Content-Length not a number', 'PUT /b/k HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n')
bad(
  'Content-Length and chunked',
  'PUT /b/k HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
)
bad('chunk size', 'PUT /b/k HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')
bad(
  'chunk extension with spaces (llhttp)',
  'PUT /b/k HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1 ;a=b\r\nx\r\n0\r\n\r\n',
)
bad('bare LF', 'GET / HTTP/1.1\nHost: x\n\n')
bad('unknown method', 'FOO / HTTP/1.1\r\nHost: x\r\n\r\n')
bad('folded header', 'GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n')
bad(
  'two Content-Lengths',
  'PUT /b/k HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx',
)
add(
  'Expect: other: 417, body dropped',
  [
    'PUT /b/k HTTP/1.1\r\nHost: x\r\nExpect: other\r\nContent-Length: 2\r\n\r\nabGET /x HTTP/1.1\r\nHost: x\r\n\r\n',
  ],
  (responses) => {
    assert(
      responses.map((r) => r.status).join() === '417,404',
      responses.map((r) => r.status).join(),
    )
  },
)
bad(
  'Transfer-Encoding not chunked',
  'PUT /b/k HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n',
)
bad(
  'chunk without CRLF',
  'PUT /b/k HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n',
)
add(
  'headers over 64 KiB: 431',
  [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`],
  (responses, { closed }) => {
    assert(
      responses.length === 1 && responses[0].status === 431 && closed,
      `got ${responses.map((r) => r.status)}`,
    )
  },
)
add(
  'headers under 64 KiB',
  [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(60_000)}\r\n\r\n`],
  ([r]) => assert(r.status === 404, `status ${r.status}`),
)
add(
  'Complete with a broken body: connection dropped',
  ['POST /bench/k?uploadId=u1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n{nope'],
  (responses, { closed }) => assert(responses.length === 0 && closed, 'answered'),
)

/**
 * A raw answer with its request IDs, upload IDs and dates replaced, for transcripts.
 * @param {string} text
 */
export function normalize(text) {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'REQUEST-ID')
    .replace(/(UploadId>|"UploadId":")[0-9a-f]{32}/g, '$1UPLOAD-ID')
    .replace(/^Date: .*$/gm, 'Date: DATE')
}
