import { finished, type Readable } from 'node:stream'

/** The chunks of a Node `Readable` as an async iterable, and a way to stop it from outside. */
export interface ChunkSource extends AsyncIterable<Uint8Array | string> {
  /** Destroys the stream: a pending read then fails, even while it waits for data. */
  destroy(): void
}

/**
 * The chunks of `stream` one by one, each exactly as the stream emitted it. Node's own async
 * iterator reads with `read()`, which hands out everything buffered at once: for a stream that
 * pushes synchronously when read (a generator-backed `Readable`, a `Transform` such as gzip) it
 * joins two chunks into a new buffer on every read — a copy of every byte, and a joined chunk held
 * by each upload that waits for memory. Here the stream flows and is paused after each chunk
 * until the consumer asks for the next one, so that no chunk is ever copied.
 *
 * Ends when the stream ends; fails with its error, or with `ERR_STREAM_PREMATURE_CLOSE` when it is
 * destroyed before its end (never a silent end of incomplete data). Leaving the loop early destroys
 * the stream, as Node's iterator does.
 */
export function readChunks(stream: Readable): ChunkSource {
  return {
    [Symbol.asyncIterator]: () => iterateChunks(stream),
    destroy: () => {
      stream.destroy()
    },
  }
}

async function* iterateChunks(
  stream: Readable,
): AsyncGenerator<Uint8Array | string, void, undefined> {
  const queue: (Uint8Array | string)[] = []
  let settled: { error: unknown } | undefined
  let wake: (() => void) | undefined
  const notify = (): void => {
    const woken = wake
    wake = undefined
    woken?.()
  }
  const onData = (chunk: Uint8Array | string): void => {
    queue.push(chunk)
    stream.pause()
    notify()
  }
  const unwatch = finished(stream, (error) => {
    settled = { error }
    notify()
  })
  stream.on('data', onData)
  try {
    for (;;) {
      const chunk = queue.shift()
      if (chunk !== undefined) {
        yield chunk
        continue
      }
      if (settled) {
        if (settled.error) throw settled.error
        return
      }
      const woken = new Promise<void>((resolve) => {
        wake = resolve
      })
      stream.resume()
      await woken
    }
  } finally {
    stream.off('data', onData)
    unwatch()
    if (!settled) stream.destroy()
  }
}
