import { connect } from 'node:net'
import type { JssLocal } from '../src/index.js'

/** A parsed raw answer. */
export interface RawReply {
  readonly status: number
  readonly head: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * Writes `bytes` by hand on a fresh TCP connection and reads until the server closes it (send
 * `Connection: close`, or `halfClose` to end the writing side right after the bytes).
 */
export function rawExchange(
  server: JssLocal,
  bytes: string | Buffer,
  options: { readonly halfClose?: boolean } = {},
): Promise<RawReply> {
  const url = new URL(server.endpoint)
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port), allowHalfOpen: true })
    const chunks: Buffer[] = []
    socket.on('data', (c: Buffer) => {
      chunks.push(c)
      const text = Buffer.concat(chunks).toString('latin1')
      const end = text.indexOf('\r\n\r\n')
      const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end))
      if (end >= 0 && length && text.length >= end + 4 + Number(length[1])) socket.destroy()
    })
    socket.on('error', reject)
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const end = text.indexOf('\r\n\r\n')
      const head = text.slice(0, end)
      const headers: Record<string, string> = {}
      for (const line of head.split('\r\n').slice(1)) {
        const colon = line.indexOf(':')
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
      }
      resolve({ status: Number(head.split(' ')[1]), head, headers, body: text.slice(end + 4) })
    })
    socket.write(bytes, () => {
      if (options.halfClose) socket.end()
    })
  })
}
