import { type IncomingHttpHeaders, request } from 'node:http'
import { signRequest } from '@jss/signer'
import type { JssLocal, JssLocalCredentials } from '../src/index.js'

/** A request to send to a jss-local server over node:http. */
export interface SendOptions {
  readonly method: string
  /** Raw path and query, already encoded, e.g. `/bucket/a%20b?uploads`. */
  readonly path: string
  readonly headers?: Record<string, string>
  readonly body?: Buffer | string
  /** Host header (virtual-host), e.g. `bucket.localhost:PORT`. */
  readonly host?: string
  /** The bucket of a virtual-host request, for signing. */
  readonly bucket?: string
  /** Signing date. */
  readonly date?: Date
  /** Sign the request. @default true */
  readonly sign?: boolean
  readonly credentials?: JssLocalCredentials
}

/** An answer. */
export interface Reply {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
  readonly text: string
  readonly json: unknown
}

/** Sends one request (signed by default with `signRequest`) and collects the whole answer. */
export async function send(server: JssLocal, options: SendOptions): Promise<Reply> {
  const endpoint = new URL(server.endpoint)
  const host = options.host ?? endpoint.host
  let headers: Record<string, string> = { ...options.headers }
  if (options.sign !== false) {
    headers = await signRequest(
      {
        method: options.method,
        url: `http://${host}${options.path}`,
        headers,
        bucket: options.bucket,
      },
      options.credentials ?? server.credentials,
      options.date ? { date: options.date } : {},
    )
  }
  const body = options.body === undefined ? undefined : Buffer.from(options.body)
  const framed = Object.keys(headers).some((h) => /^(content-length|transfer-encoding)$/i.test(h))
  if (body && !framed) {
    headers['Content-Length'] = String(body.length)
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: endpoint.hostname,
        port: endpoint.port,
        method: options.method,
        path: options.path,
        headers: { ...headers, Host: host },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', reject)
        res.on('end', () => {
          const all = Buffer.concat(chunks)
          const text = all.toString('utf8')
          let json: unknown
          try {
            json = text === '' ? undefined : JSON.parse(text)
          } catch {
            json = undefined
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: all, text, json })
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}
