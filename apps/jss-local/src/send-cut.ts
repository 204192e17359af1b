import type { ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

async function* take(body: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let left = limit
  if (left <= 0) return
  for await (const chunk of body) {
    const piece = chunk.subarray(0, left)
    left -= piece.length
    yield piece
    if (left <= 0) return
  }
}

/**
 * A `cut` fault: sends the head (already set with `writeHead`) and the first `limit` bytes of
 * `body`, then closes the connection once they are flushed, so the client sees an answer shorter
 * than its Content-Length. An empty `body` (`length` 0) cannot be cut part-way: the connection is
 * dropped before anything is sent.
 */
export async function sendCut(
  res: ServerResponse,
  body: AsyncIterable<Buffer>,
  length: number,
  limit: number,
): Promise<void> {
  const socket = res.socket
  if (!socket) return
  if (length === 0) {
    socket.destroy()
    return
  }
  res.flushHeaders()
  await pipeline(Readable.from(take(body, Math.min(limit, length - 1))), res, { end: false })
  socket.end(() => socket.destroy())
}
