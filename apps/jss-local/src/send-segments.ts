import type { FileHandle } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { finished } from 'node:stream/promises'
import { JssLocalTruncatedBlobError } from './errors.js'

/** One stored piece of an object: its blob and size (a record's `segments`). */
export interface Segment {
  readonly blob: string
  readonly size: number
}

/**
 * Bytes read from a blob per call (and written to the socket per `write`).
 * @default 1 MiB
 */
export const SEND_CHUNK_SIZE: number = 1024 * 1024

/** The error of a body the client went away from (never answered: the connection is gone). */
function clientGone(): Error {
  return new Error('the client closed the connection before the body was sent')
}

/**
 * Resolves on `drain`; rejects when the response closes first (the client went away), or has
 * closed already: a connection that closes while a blob is being read makes the next `write`
 * answer `false` after `close` was emitted, and waiting for either event then waits forever (the
 * handler, its open blobs and its request in flight left behind).
 */
function drained(res: ServerResponse): Promise<void> {
  if (res.destroyed) return Promise.reject(clientGone())
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      res.off('close', onClose)
      resolve()
    }
    const onClose = (): void => {
      res.off('drain', onDrain)
      reject(clientGone())
    }
    res.once('drain', onDrain)
    res.once('close', onClose)
  })
}

/**
 * Sends bytes `start` to `end` (inclusive) of the object made of `segments` (whose blobs are open
 * in `handles`, `undefined` for a segment outside the span) straight from the files to the
 * response, one chunk at a time with backpressure (no stream in between: a ranged GET costs a
 * read loop), then ends the response and waits until it is flushed. A blob that ends early fails
 * with `JssLocalTruncatedBlobError`, so that the connection is destroyed rather than left waiting
 * for bytes its Content-Length promised.
 */
export async function sendSegments(
  res: ServerResponse,
  segments: readonly Segment[],
  handles: readonly (FileHandle | undefined)[],
  start: number,
  end: number,
): Promise<void> {
  let offset = 0
  for (const [index, segment] of segments.entries()) {
    const from = Math.max(start - offset, 0)
    const to = Math.min(end - offset, segment.size - 1)
    offset += segment.size
    if (from > to) continue
    const handle = handles[index]!
    let position = from
    while (position <= to) {
      if (res.destroyed) throw clientGone()
      const buffer = Buffer.allocUnsafe(Math.min(SEND_CHUNK_SIZE, to - position + 1))
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position)
      if (bytesRead === 0) {
        throw new JssLocalTruncatedBlobError(segment.blob, to - from + 1, position - from)
      }
      position += bytesRead
      const chunk = bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead)
      if (!res.write(chunk)) await drained(res)
    }
  }
  res.end()
  await finished(res)
}
