import { connect, type Socket } from 'node:net'
import { signRequest } from '@jss/signer'
import type { JssLocal } from '../src/index.js'
import type { RawReply } from './raw-http.js'

/** A request head written by hand, signed by default. */
export async function rawHead(
  server: JssLocal,
  method: string,
  path: string,
  options: { readonly headers?: Record<string, string>; readonly sign?: boolean } = {},
): Promise<string> {
  const host = new URL(server.endpoint).host
  let headers: Record<string, string> = { ...options.headers }
  if (options.sign !== false) {
    headers = await signRequest(
      { method, url: `http://${host}${path}`, headers },
      server.credentials,
    )
  }
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`)
  return `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n${lines.join('')}\r\n`
}

function parseHead(head: string): { status: number; headers: Record<string, string> } {
  const headers: Record<string, string> = {}
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return { status: Number(head.split(' ')[1]), headers }
}

/**
 * One keep-alive TCP connection to a server, read answer by answer. An answer that is not complete
 * when the server closes the connection (or after `timeoutMs`, a hang) rejects.
 */
export class RawConnection {
  readonly #socket: Socket
  #buffer = Buffer.alloc(0)
  #closed = false
  #wake: (() => void) | undefined
  /** Resolves when the server closed the connection. */
  readonly closed: Promise<void>

  constructor(server: JssLocal) {
    const url = new URL(server.endpoint)
    this.#socket = connect({ host: url.hostname, port: Number(url.port) })
    this.#socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk])
      this.#wake?.()
    })
    this.#socket.on('error', () => undefined)
    this.closed = new Promise((resolve) =>
      this.#socket.once('close', () => {
        this.#closed = true
        this.#wake?.()
        resolve()
      }),
    )
  }

  /** Writes bytes on the connection. */
  write(bytes: string | Buffer): void {
    this.#socket.write(bytes)
  }

  /**
   * Reads the next answer (interim `100 Continue` included); `head: true` for the answer to a HEAD.
   * Bytes received before the server closed the connection are in the error's `received`.
   */
  async read(
    options: { readonly head?: boolean; readonly timeoutMs?: number } = {},
  ): Promise<RawReply> {
    const deadline = setTimeout(() => this.#wake?.(), options.timeoutMs ?? 4000)
    const started = Date.now()
    try {
      for (;;) {
        const text = this.#buffer.toString('latin1')
        const end = text.indexOf('\r\n\r\n')
        if (end >= 0) {
          const head = text.slice(0, end)
          const { status, headers } = parseHead(head)
          const bodyLength =
            options.head || status < 200 ? 0 : Number(headers['content-length'] ?? Number.NaN)
          if (this.#buffer.length >= end + 4 + bodyLength) {
            const body = this.#buffer.subarray(end + 4, end + 4 + bodyLength).toString('utf8')
            this.#buffer = this.#buffer.subarray(end + 4 + bodyLength)
            return { status, head, headers, body }
          }
        }
        if (this.#closed) {
          throw Object.assign(new Error('connection closed before a complete answer'), {
            received: this.#buffer,
          })
        }
        if (Date.now() - started >= (options.timeoutMs ?? 4000)) {
          throw new Error('no complete answer, and the connection is still open (a hang)')
        }
        await new Promise<void>((resolve) => {
          this.#wake = resolve
        })
      }
    } finally {
      clearTimeout(deadline)
      this.#wake = undefined
    }
  }

  /** Waits for the server to close the connection and parses everything received as one answer. */
  async readUntilClosed(): Promise<RawReply> {
    await this.closed
    const text = this.#buffer.toString('utf8')
    const end = text.indexOf('\r\n\r\n')
    const head = end < 0 ? text : text.slice(0, end)
    return { ...parseHead(head), head, body: end < 0 ? '' : text.slice(end + 4) }
  }

  /** Whether the server closed the connection. */
  get isClosed(): boolean {
    return this.#closed
  }

  destroy(): void {
    this.#socket.destroy()
  }
}
