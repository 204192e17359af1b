import { createServer, type Socket } from 'node:net'

/** A tiny hand-written TCP server (real sockets) for misbehaviour jss-local cannot produce. */
export interface NetServer {
  endpoint: string
  /** Requests seen (one per head received). */
  requests: number
  close(): Promise<void>
}

/**
 * Starts a server on 127.0.0.1:0 that calls `onRequest` with the socket and the raw request head for
 * every request it reads (bodies are not parsed: only use it for body-less or small requests).
 */
export async function startNetServer(
  onRequest: (socket: Socket, head: string, index: number) => void,
): Promise<NetServer> {
  const sockets = new Set<Socket>()
  const state = { requests: 0 }
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    let buffer = ''
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1')
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n')
        if (end < 0) return
        const head = buffer.slice(0, end)
        const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0)
        if (buffer.length < end + 4 + length) return
        buffer = buffer.slice(end + 4 + length)
        onRequest(socket, head, state.requests++)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    get requests() {
      return state.requests
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Writes an HTTP/1.1 answer. */
export function answer(
  socket: Socket,
  status: number,
  headers: Record<string, string>,
  body = '',
): void {
  const lines = Object.entries({ ...headers, 'content-length': String(Buffer.byteLength(body)) })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')
  socket.write(`HTTP/1.1 ${status} X\r\n${lines}\r\n\r\n${body}`)
}
