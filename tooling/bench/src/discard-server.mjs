#!/usr/bin/env node
// A server that answers the JSS and the S3 multipart dialects without storing anything: the ceiling a
// client can reach on this machine. It reads and drops every body, and echoes the client's Content-MD5
// (JSS) as the part ETag, so that clients that verify ETags pass without the server hashing.
// Prints one JSON line {"endpoint"} on stdout; stops on SIGINT/SIGTERM.
//
// Why node:net and not node:http: the server runs on the same cores as the client being measured, where a
// real store is remote and costs the client nothing. On node:http every body byte goes through llhttp,
// a fresh Buffer per read and an IncomingMessage stream: about 1 CPU-second per GiB received. Here each
// connection reads (libuv, `onread`) into one shared 256 KiB buffer that is reused for every read of every
// socket: body bytes are counted and dropped, never copied, retained or turned into JS objects. Only the
// request heads (small) and POST bodies (Complete's XML or JSON, small) are kept.
//
// The HTTP/1.1 parser is small and strict, and answers as node:http did, byte for byte but for the
// request IDs and the Date: the request line and the headers up to CRLFCRLF (over 64 KiB: 431, and
// close), bodies framed by Content-Length or Transfer-Encoding: chunked (chunk extensions and trailers
// read and dropped), `Expect: 100-continue` answered before the body, keep-alive (HTTP/1.1 by default,
// HTTP/1.0 on `Connection: keep-alive`), pipelined requests answered in order, a bad request answered
// 400 and the connection closed. A request may be cut anywhere across reads. Where it departs from
// node:http, on purpose: heads up to 64 KiB (node:http: 16 KiB), a request line of any version but
// HTTP/1.0 or 1.1 refused (node:http answered HTTP/2.0 as 1.0), and a request with `Connection: close`
// answered even when more bytes follow it (node:http answered those with a lone 400).
import { createHash, randomUUID } from 'node:crypto'
import { METHODS, STATUS_CODES } from 'node:http'
import { createServer, Socket } from 'node:net'
import { s3MultipartEtag } from '@jss/protocol'

const uploads = new Map()

/** Most bytes of a request head (request line and headers, CRLFCRLF included), and of a trailer. */
const maxHead = 64 * 1024
/** node:http's keepAliveTimeout was 60 s: an idle connection is closed after it. */
const keepAliveMs = 60_000

// Canned answers, as node:http wrote them.
const badRequest = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'
const headTooLarge = 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n'
const requestTimeout = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n'
const continueLine = 'HTTP/1.1 100 Continue\r\n\r\n'

/** The Date header's value, formatted once a second (as node:http does). */
let dateSecond = -1
let dateText = ''
function utcDate() {
  const second = Math.floor(Date.now() / 1000)
  if (second !== dateSecond) {
    dateSecond = second
    dateText = new Date(second * 1000).toUTCString()
  }
  return dateText
}

/** The tail of every answer's head: Date, then the connection's fate. */
function connectionLines(keepAlive) {
  return keepAlive
    ? `Date: ${utcDate()}\r\nConnection: keep-alive\r\nKeep-Alive: timeout=${keepAliveMs / 1000}\r\n\r\n`
    : `Date: ${utcDate()}\r\nConnection: close\r\n\r\n`
}

function hexMd5Header(value) {
  if (!value) return undefined
  if (/^[0-9a-f]{32}$/i.test(value)) return value.toLowerCase()
  return Buffer.from(value, 'base64').toString('hex')
}

/**
 * The answer to one whole request `{ method, url, headers, size, text }` (size: body bytes; text: the
 * body, POST only), as `[status, { header: value }, body]`. Throws on a Complete it cannot read (the
 * connection is then dropped, as node:http's `response.destroy(error)` did).
 */
function handle(request) {
  const url = new URL(request.url, 'http://discard')
  const [, bucket = '', ...rest] = url.pathname.split('/')
  const key = decodeURIComponent(rest.join('/'))
  const s3 = String(request.headers.authorization ?? '').startsWith('AWS4-')
  const requestId = randomUUID()
  const { size, text } = request
  const reply = (status, headers, body = '') => [
    status,
    { 'x-jss-request-id': requestId, 'x-amz-request-id': requestId, ...headers },
    body,
  ]
  const json = (value) =>
    reply(200, { 'content-type': 'application/json;charset=UTF-8' }, JSON.stringify(value))
  const xml = (value) =>
    reply(
      200,
      { 'content-type': 'application/xml' },
      `<?xml version="1.0" encoding="UTF-8"?>\n${value}`,
    )
  const q = url.searchParams
  if (request.method === 'POST' && q.has('uploads')) {
    const uploadId = randomUUID().replaceAll('-', '')
    uploads.set(uploadId, { bucket, key })
    if (s3)
      return xml(
        `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
      )
    return json({ Bucket: bucket, Key: key, UploadId: uploadId })
  }
  if (request.method === 'PUT' && q.has('uploadId')) {
    const etag =
      hexMd5Header(request.headers['content-md5']) ??
      createHash('md5')
        .update(`${q.get('partNumber')}:${size}`)
        .digest('hex')
    return reply(200, { etag: `"${etag}"` })
  }
  if (request.method === 'POST' && q.has('uploadId')) {
    uploads.delete(q.get('uploadId'))
    if (s3) {
      const etags = [...text.matchAll(/<ETag>(?:"|&quot;)?([^<"&]*)(?:"|&quot;)?<\/ETag>/g)].map(
        (m) => m[1],
      )
      return xml(
        `<CompleteMultipartUploadResult><Location>${url.href}</Location><Bucket>${bucket}</Bucket><Key>${key}</Key><ETag>"${s3MultipartEtag(etags)}"</ETag></CompleteMultipartUploadResult>`,
      )
    }
    const body = JSON.parse(text)
    const parts = Array.isArray(body) ? body : body.Part
    const etag = createHash('md5')
      .update(parts.map((p) => p.ETag.replaceAll('"', '')).join(''))
      .digest('hex')
    return json({ Bucket: bucket, Key: key, ETag: etag })
  }
  if (request.method === 'DELETE' && q.has('uploadId')) {
    uploads.delete(q.get('uploadId'))
    return reply(204, {})
  }
  if (request.method === 'PUT') {
    if (!key) return reply(201, {})
    const etag =
      hexMd5Header(request.headers['content-md5']) ??
      createHash('md5').update(String(size)).digest('hex')
    return reply(200, { etag: `"${etag}"` })
  }
  if (request.method === 'GET' && q.has('uploads')) {
    return json({
      Bucket: bucket,
      Prefix: q.get('prefix'),
      Upload: [],
      NextKeyMarker: null,
      NextUploadIdMarker: null,
      HasNext: false,
    })
  }
  return reply(
    404,
    { 'content-type': 'application/json;charset=UTF-8' },
    JSON.stringify({
      code: 'NoSuchKey',
      message: 'The discard server stores nothing.',
      resource: url.pathname,
      requestId,
    }),
  )
}

/** One answer, head and body in one string (the head is ASCII; the body's key may not be). */
function formatAnswer([status, headers, body], { method, keepAlive }) {
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n`
  for (const name in headers) head += `${name}: ${headers[name]}\r\n`
  head += `content-length: ${Buffer.byteLength(body)}\r\n${connectionLines(keepAlive)}`
  // HEAD, 204 and 304 have no body on the wire (node:http dropped it; the Content-Length stays)
  return method === 'HEAD' || status === 204 || status === 304 ? head : head + body
}

// The request head's grammar (RFC 9112), as strict as llhttp: methods are node:http's.
const knownMethods = new Set(METHODS)
const requestLine = /^([A-Z-]+) ([^\s]+) HTTP\/1\.([01])$/
const fieldLine = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*$/
// field values: HTAB, SP, VCHAR and obs-text; no other control character
const badFieldValue = /[^\t\x20-\x7e\x80-\xff]/
const chunkSizeLine =
  /^([0-9A-Fa-f]{1,16})(?:;[!#$%&'*+\-.^_`|~0-9A-Za-z]+(?:=(?:[!#$%&'*+\-.^_`|~0-9A-Za-z]+|"(?:[\t\x20\x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\t\x20-\x7e\x80-\xff])*"))?)*$/
/** Headers node:http kept the first of (the others it joined with ", "). */
const firstOnly = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
])
const continueExpression = /(?:^|\W)100-continue(?:$|\W)/i

/**
 * Reads a request head (latin1, CRLFCRLF cut off) into `{ method, url, headers, keepAlive, framing,
 * length, expect }`, or undefined if it breaks the grammar, or 'no host' for an HTTP/1.1 one without
 * Host (node:http's requireHostHeader). framing: 'none', 'length' or 'chunked'.
 */
function parseHead(text) {
  const lines = text.split('\r\n')
  const start = requestLine.exec(lines[0])
  if (!start || !knownMethods.has(start[1])) return undefined
  const headers = Object.create(null)
  let lengths = 0
  for (let i = 1; i < lines.length; i++) {
    const field = fieldLine.exec(lines[i])
    if (!field || badFieldValue.test(field[2])) return undefined
    const name = field[1].toLowerCase()
    const value = field[2]
    if (name === 'content-length') lengths++
    if (!(name in headers)) headers[name] = value
    else if (!firstOnly.has(name)) headers[name] += name === 'cookie' ? `; ${value}` : `, ${value}`
  }
  const http11 = start[3] === '1'
  if (http11 && headers.host === undefined) return 'no host'
  const connection = (headers.connection ?? '').toLowerCase().split(',')
  const has = (token) => connection.some((t) => t.trim() === token)
  const keepAlive = http11 ? !has('close') : has('keep-alive') && !has('close')
  let framing = 'none'
  let length = 0
  const coding = headers['transfer-encoding']
  if (coding !== undefined) {
    if (lengths > 0) return undefined
    const codings = coding.toLowerCase().split(',')
    if (codings.at(-1).trim() !== 'chunked') return undefined
    framing = 'chunked'
  } else if (lengths > 0) {
    if (lengths > 1 || !/^\d{1,15}$/.test(headers['content-length'])) return undefined
    length = Number(headers['content-length'])
    framing = 'length'
  }
  // Expect is for HTTP/1.1 only: 100-continue is answered, anything else 417 (as node:http)
  const expect = http11 && headers.expect !== undefined
  return {
    method: start[1],
    url: start[2],
    headers,
    keepAlive,
    framing,
    length,
    expect: expect ? (continueExpression.test(headers.expect) ? 'continue' : 'fail') : undefined,
  }
}

// A connection's parser states.
const HEAD = 0 // reading a request head
const BODY = 1 // Content-Length body bytes (or a chunk's data): `remaining` to go
const CHUNK_SIZE = 2 // a chunk-size line, up to LF
const CHUNK_END = 3 // the CRLF after a chunk's data: `remaining` bytes of it to go
const TRAILER = 4 // trailer lines, up to an empty one
const DONE = 5 // closing: anything more is ignored

const crlfcrlf = Buffer.from('\r\n\r\n')
const bareLf = /[^\r]\n/

/** The parser and the answers of one connection. */
class Connection {
  constructor(socket) {
    this.socket = socket
    this.state = HEAD
    /** The head, the chunk-size line or the trailer line read so far (latin1). */
    this.line = ''
    this.trailerBytes = 0
    this.request = undefined
    this.remaining = 0
    this.chunked = false
    this.size = 0
    /** Copies of a POST body's bytes. */
    this.kept = undefined
  }

  /** Whether the connection sits between requests, nothing of the next one read. */
  get idle() {
    return this.state === HEAD && this.line === ''
  }

  /** Takes bytes [start, end) of `buffer` (which is reused once this returns). */
  feed(buffer, start, end) {
    while (start < end) {
      switch (this.state) {
        case HEAD:
          start = this.readHead(buffer, start, end)
          break
        case BODY: {
          const take = Math.min(this.remaining, end - start)
          if (this.kept) this.kept.push(Buffer.from(buffer.subarray(start, start + take)))
          this.size += take
          this.remaining -= take
          start += take
          if (this.remaining === 0) {
            if (this.chunked) {
              this.state = CHUNK_END
              this.remaining = 2
            } else this.finish()
          }
          break
        }
        case CHUNK_END: {
          // "\r\n", possibly cut between reads: `remaining` is 2 before the CR, 1 before the LF
          if (buffer[start] !== (this.remaining === 2 ? 13 : 10)) return this.fail(badRequest)
          start++
          if (--this.remaining === 0) this.state = CHUNK_SIZE
          break
        }
        case CHUNK_SIZE:
        case TRAILER:
          start = this.readLine(buffer, start, end)
          break
        default:
          return
      }
    }
  }

  /** Reads head bytes from `start`; returns where the head ended (or `end`). */
  readHead(buffer, start, end) {
    // empty lines before a request line are ignored (RFC 9112 2.2; llhttp does too)
    if (this.line === '') {
      while (start < end && (buffer[start] === 13 || buffer[start] === 10)) start++
      if (start === end) return end
    }
    const view = buffer.subarray(start, end)
    let after = -1 // where in `view` the head ends, CRLFCRLF included
    if (this.line !== '') {
      // CRLFCRLF across the previous read and this one
      const kept = Math.min(3, this.line.length)
      const seam = this.line.slice(-kept) + view.latin1Slice(0, Math.min(3, view.length))
      const at = seam.indexOf('\r\n\r\n')
      if (at !== -1 && at < kept) after = at + 4 - kept
    }
    if (after === -1) {
      const at = view.indexOf(crlfcrlf)
      if (at !== -1) after = at + 4
    }
    if (after === -1) {
      if (this.line.length + view.length > maxHead) return this.fail(headTooLarge)
      const from = Math.max(0, this.line.length - 1)
      this.line += view.latin1Slice(0, view.length)
      // a bare LF is refused now rather than waited on (a head of them never ends)
      if (bareLf.test(this.line.slice(from))) return this.fail(badRequest)
      return end
    }
    if (this.line.length + after > maxHead) return this.fail(headTooLarge)
    const text = this.line + view.latin1Slice(0, after)
    this.line = ''
    const request = parseHead(text.slice(0, -4))
    if (!request) return this.fail(badRequest)
    if (request === 'no host')
      return this.fail(
        `HTTP/1.1 400 Bad Request\r\nConnection: close\r\nDate: ${utcDate()}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      )
    this.begin(request)
    return start + after
  }

  /** Reads a chunk-size or a trailer line from `start`; returns where it ended (or `end`). */
  readLine(buffer, start, end) {
    const view = buffer.subarray(start, end)
    const lf = view.indexOf(10)
    const taken = lf === -1 ? view.length : lf + 1
    // a chunk-size line, and a trailer (all its lines), are held to maxHead
    const length = this.line.length + taken
    if (length > maxHead || (this.state === TRAILER && this.trailerBytes + length > maxHead))
      return this.fail(headTooLarge)
    this.line += view.latin1Slice(0, taken)
    if (lf === -1) return end
    const line = this.line
    this.line = ''
    if (line.length < 2 || line.charCodeAt(line.length - 2) !== 13) return this.fail(badRequest)
    const text = line.slice(0, -2)
    if (this.state === CHUNK_SIZE) {
      const size = chunkSizeLine.exec(text)
      this.remaining = size ? Number.parseInt(size[1], 16) : Number.NaN
      if (!Number.isSafeInteger(this.remaining)) return this.fail(badRequest)
      this.state = this.remaining === 0 ? TRAILER : BODY
    } else if (text === '') {
      this.finish()
    } else {
      this.trailerBytes += line.length
      const field = fieldLine.exec(text)
      if (!field || badFieldValue.test(field[2])) return this.fail(badRequest)
    }
    return start + taken
  }

  /** A request's head is read: its body (if any) comes next. */
  begin(request) {
    this.request = request
    this.size = 0
    this.kept = request.method === 'POST' ? [] : undefined
    this.chunked = request.framing === 'chunked'
    this.trailerBytes = 0
    if (request.expect === 'continue') this.socket.write(continueLine)
    // node:http answered any other expectation at once, res.writeHead(417); res.end(), and dropped the body
    else if (request.expect === 'fail')
      this.socket.write(
        `HTTP/1.1 417 Expectation Failed\r\n${connectionLines(request.keepAlive).slice(0, -2)}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      )
    if (this.chunked) {
      this.state = CHUNK_SIZE
    } else if (request.length > 0) {
      this.state = BODY
      this.remaining = request.length
    } else this.finish()
  }

  /** A request is read whole: answers it. */
  finish() {
    const request = this.request
    this.request = undefined
    this.state = HEAD
    if (request.expect !== 'fail') {
      const text = this.kept ? Buffer.concat(this.kept).toString('utf8') : ''
      this.kept = undefined
      let answer
      try {
        answer = formatAnswer(handle({ ...request, size: this.size, text }), request)
      } catch {
        this.state = DONE
        this.socket.destroy()
        return
      }
      if (request.keepAlive && !stopping) return void this.socket.write(answer)
      this.close(answer)
    } else if (!request.keepAlive || stopping) this.close('')
  }

  /** Writes `answer`, the last, then closes (as node:http's destroySoon: FIN, and once sent, the fd). */
  close(answer) {
    this.state = DONE
    this.line = ''
    this.kept = undefined
    const destroy = () => this.socket.destroy()
    if (answer) this.socket.end(answer, destroy)
    else this.socket.end(destroy)
  }

  /** Answers a bad request with `answer` and closes; returns where parsing stops. */
  fail(answer) {
    this.close(answer)
    return Number.POSITIVE_INFINITY
  }

  /** The peer is done sending: we are too, but a request cut short is answered 400 (as llhttp). */
  ended() {
    if (this.state === DONE) return
    if (this.idle) this.close('')
    else this.fail(badRequest)
  }

  /** Nothing came for keepAliveMs: an idle connection is closed, a head cut short answered 408. */
  timedOut() {
    if (this.idle) this.socket.destroy()
    else if (this.state === HEAD) this.fail(requestTimeout)
  }
}

/**
 * One buffer that every connection reads into. libuv reads one socket at a time, and each read is handed
 * to its connection's parser synchronously before the next, which copies out only what it keeps.
 */
const readBuffer = Buffer.allocUnsafe(256 * 1024)

const connections = new Set()
let stopping = false

/**
 * net.Server has no `onread`: it accepts paused sockets (pauseOnConnect), and each handle moves to a new
 * net.Socket that reads with `onread` into readBuffer. The accepted socket is then destroyed without its
 * handle (it only takes itself off the server's count).
 */
const server = createServer({ pauseOnConnect: true }, (accepted) => {
  const handle = accepted._handle
  accepted._handle = null
  accepted.destroy()
  let connection
  const socket = new Socket({
    handle,
    allowHalfOpen: true,
    onread: {
      buffer: readBuffer,
      callback: (bytes, buffer) => {
        try {
          connection.feed(buffer, 0, bytes)
        } catch {
          // a bug of the parser's own: this connection goes, the server stays
          socket.destroy()
        }
      },
    },
  })
  connection = new Connection(socket)
  connections.add(connection)
  socket.setNoDelay(true)
  socket.setTimeout(keepAliveMs, () => connection.timedOut())
  socket.on('end', () => connection.ended())
  socket.on('error', () => {})
  socket.on('close', () => {
    connections.delete(connection)
    if (stopping && connections.size === 0) process.exit(0)
  })
})
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address()
  process.stdout.write(`${JSON.stringify({ endpoint: `http://127.0.0.1:${port}` })}\n`)
})
// As node:http's server.close(): no more connections, idle ones closed, busy ones after their answer.
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    stopping = true
    server.close()
    for (const connection of connections) if (connection.idle) connection.socket.destroy()
    if (connections.size === 0) process.exit(0)
  })
