// Raw HTTP helpers for the jss-local security and fuzz suites: exact bytes on the wire.
import { request } from 'node:http'
import { connect } from 'node:net'

/** What came back from a raw exchange. */
export interface RawAnswer {
  /** The status, or undefined when the connection closed without an answer. */
  status: number | undefined
  headers: Record<string, string>
  body: string
  /** Body bytes we had written when the answer's head arrived. */
  sentWhenAnswered: number
}

/**
 * Sends `head` (a full request head, CRLFs included, ending with an empty line) over a fresh TCP
 * connection, then writes `bodyBytes` zero bytes slowly (stopping as soon as an answer arrives),
 * and parses the HTTP/1.1 answer. Resolves within `timeoutMs` in every case.
 */
export function rawExchange(
  endpoint: string,
  head: string | Buffer,
  { bodyBytes = 0, timeoutMs = 10_000 }: { bodyBytes?: number; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  const url = new URL(endpoint)
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname)
    const chunks: Buffer[] = []
    let sent = 0
    let answeredAt: number | undefined
    let settled = false
    const finish = (): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(parseAnswer(Buffer.concat(chunks), answeredAt ?? sent))
    }
    const timer = setTimeout(finish, timeoutMs)
    socket.on('error', finish)
    socket.on('close', finish)
    socket.on('data', (chunk: Buffer) => {
      answeredAt ??= sent
      chunks.push(chunk)
      const text = Buffer.concat(chunks)
        .toString('latin1')
        .replace(/^(HTTP\/1\.[01] 1\d\d[^\r]*\r\n(?:[^\r]+\r\n)*\r\n)+/, '')
      const end = text.indexOf('\r\n\r\n')
      if (end < 0) return
      const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end))
      if (length && text.length - end - 4 >= Number(length[1])) finish()
    })
    socket.on('connect', () => {
      socket.write(head)
      const block = Buffer.alloc(64 * 1024)
      const pump = (): void => {
        while (sent < bodyBytes && answeredAt === undefined && !settled) {
          const n = Math.min(block.length, bodyBytes - sent)
          sent += n
          if (!socket.write(block.subarray(0, n))) {
            socket.once('drain', pump)
            return
          }
        }
      }
      pump()
    })
  })
}

function parseAnswer(raw: Buffer, sentWhenAnswered: number): RawAnswer {
  // Interim 1xx answers (100 Continue) come before the final one: skip them.
  const text = raw
    .toString('utf8')
    .replace(/^(HTTP\/1\.[01] 1\d\d[^\r]*\r\n(?:[^\r]+\r\n)*\r\n)+/, '')
  const end = text.indexOf('\r\n\r\n')
  const headText = end < 0 ? text : text.slice(0, end)
  const [statusLine = '', ...lines] = headText.split('\r\n')
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const i = line.indexOf(':')
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim()
  }
  return {
    status: status === undefined ? undefined : Number(status),
    headers,
    body: end < 0 ? '' : text.slice(end + 4),
    sentWhenAnswered,
  }
}

/** A request through node:http with exactly `headers` (no Content-Type added); body optional. */
export function httpRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: Uint8Array,
): Promise<{
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}
