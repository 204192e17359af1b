import { request } from 'node:http'
import { signRequestSigV4 } from '@jss/signer'
import { XMLParser } from 'fast-xml-parser'
import { expect } from 'vitest'
import type { JssLocal, JssLocalCredentials } from '../src/index.js'
import type { Reply } from './send.js'

/** A request to send in the S3 dialect, signed with `signRequestSigV4`. */
export interface SendS3Options {
  readonly method: string
  /** Raw path and query, already encoded, e.g. `/bucket/a%20b?uploads`. */
  readonly path: string
  readonly headers?: Record<string, string>
  readonly body?: Buffer | string
  /** Host header (virtual-host), e.g. `bucket.localhost:PORT`. */
  readonly host?: string
  /** @default 'us-east-1' */
  readonly region?: string
  /** @default now */
  readonly date?: Date
  /** The payload hash to sign. @default the body's SHA-256 */
  readonly payloadHash?: string
  readonly credentials?: JssLocalCredentials
  /** Send these bytes instead of `body` (signed as `body`). */
  readonly sendBody?: Buffer | string
}

/** An answer, with its XML body parsed. */
export interface ReplyS3 extends Reply {
  readonly xml: Record<string, unknown>
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => ['Contents', 'CommonPrefixes', 'Part', 'Upload'].includes(name),
})

/** Sends one SigV4-signed request and collects the whole answer. */
export async function sendS3(server: JssLocal, options: SendS3Options): Promise<ReplyS3> {
  const endpoint = new URL(server.endpoint)
  const host = options.host ?? endpoint.host
  const credentials = options.credentials ?? server.credentials
  const body = options.body === undefined ? Buffer.alloc(0) : Buffer.from(options.body)
  const signed = await signRequestSigV4(
    {
      method: options.method,
      url: `http://${host}${options.path}`,
      headers: { ...options.headers, host },
    },
    { accessKey: credentials.accessKey, secretKey: credentials.secretKey },
    {
      region: options.region ?? 'us-east-1',
      ...(options.date ? { date: options.date } : {}),
      ...(options.payloadHash !== undefined ? { payloadHash: options.payloadHash } : { body }),
    },
  )
  const sent = options.sendBody === undefined ? body : Buffer.from(options.sendBody)
  const headers: Record<string, string> = { ...signed.headers, host }
  if (!Object.keys(headers).some((h) => /^(content-length|transfer-encoding)$/i.test(h))) {
    if (sent.length > 0 || ['PUT', 'POST'].includes(options.method)) {
      headers['content-length'] = String(sent.length)
    }
  }
  return exchange(endpoint, options.method, options.path, headers, sent)
}

/** Sends a request as given (no signing) and collects the whole answer. */
export function exchange(
  endpoint: URL,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<ReplyS3> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: endpoint.hostname, port: endpoint.port, method, path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', reject)
        res.on('end', () => {
          const all = Buffer.concat(chunks)
          const text = all.toString('utf8')
          const xml = text.startsWith('<?xml')
            ? (parser.parse(text) as Record<string, unknown>)
            : {}
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: all,
            text,
            json: undefined,
            xml,
          })
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** Checks an S3 XML error answer: status, XML content type, Code, Message, Resource, RequestId. */
export function expectS3Error(
  reply: ReplyS3,
  status: number,
  code: string,
  resource?: string,
): void {
  expect({ status: reply.status, body: reply.text }).toMatchObject({ status })
  expect(reply.headers['content-type']).toBe('application/xml')
  const requestId = reply.headers['x-amz-request-id']
  expect(requestId).toMatch(/^[0-9A-F]{16}$/)
  expect(reply.headers['x-jss-request-id']).toBeUndefined()
  expect(reply.xml.Error).toMatchObject({
    Code: code,
    Message: expect.any(String),
    Resource: resource ?? expect.any(String),
    RequestId: requestId,
  })
}

/** Checks an S3 XML success answer and returns the root element's content. */
export function expectXml(reply: ReplyS3, root: string, status = 200): Record<string, unknown> {
  expect({ status: reply.status, body: reply.text }).toMatchObject({ status })
  expect(reply.headers['content-type']).toBe('application/xml')
  expect(reply.headers['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/)
  expect(reply.xml[root]).toBeTypeOf('object')
  return reply.xml[root] as Record<string, unknown>
}
