import { finished, type Readable } from 'node:stream'
import { toBytes } from '../input/split-stream.js'
import type { PartBuilder, ReadPart } from './part.js'
import { type ReadPartsOptions, startPart } from './read-parts.js'

const EMPTY = new Uint8Array(0)

/**
 * Reads a Node `Readable` straight into parts, as {@link readParts} does with the segments of
 * `splitStream(readChunks(stream))`, but without an async step per chunk: while the current part
 * has blocks at hand, each chunk is copied into them in the stream's own `'data'` event, and the
 * stream keeps flowing. It is paused only for what must wait — a part's start (its blocks are
 * reserved, or its spool file opened), a wait for memory, a finished part the consumer has not
 * taken yet — which the generator then does before it lets the stream flow again. So a part of
 * 8 MiB read in 64 KiB chunks costs a few awaits, not hundreds, and no garbage per chunk.
 *
 * The parts are cut at `plannedSize` (the last one is the rest); each source chunk is copied once,
 * into the part's blocks (or through them into its spool file). Ends when the stream ends; fails
 * with its error, with `ERR_STREAM_PREMATURE_CLOSE` when it is destroyed before its end, with what
 * `plannedSize` or `onBytes` throw, or with `signal.reason` (at once, even while the stream is
 * silent). Leaving the loop early, or failing, destroys the stream and gives back the blocks of a
 * part not yet handed out.
 */
export async function* pumpParts(
  stream: Readable,
  options: ReadPartsOptions,
): AsyncGenerator<ReadPart, void, undefined> {
  const { signal, onBytes } = options
  /** Chunks that came while the generator was busy (a stream may emit after `pause()`). */
  const queue: (Uint8Array | string)[] = []
  let current: PartBuilder | undefined
  let partNumber = 0
  /** Bytes the current part still takes. */
  let remaining = 0
  /** The current part reached its planned size: it is finished next. */
  let full = false
  /** Bytes of a chunk still to gather, once what is pending is done. */
  let rest: Uint8Array | undefined
  /** A copy into the current part that waits for blocks, and its byte count. */
  let writing: Promise<void> | undefined
  let writingBytes = 0
  let failure: { error: unknown } | undefined
  let settled: { error: unknown } | undefined
  /** The generator waits for the stream: chunks are gathered in the `'data'` event. */
  let idle = false
  let wake: (() => void) | undefined
  const notify = (): void => {
    const woken = wake
    wake = undefined
    woken?.()
  }

  /**
   * Gathers `chunk` into the current part as far as that needs no waiting; leaves what does in
   * `rest`, `writing` and `full`. True when the whole chunk was gathered and nothing is pending.
   */
  const gather = (chunk: Uint8Array): boolean => {
    let bytes = chunk
    while (bytes.byteLength > 0) {
      if (current === undefined || full) {
        rest = bytes
        return false
      }
      const take = Math.min(remaining, bytes.byteLength)
      const whole = take === bytes.byteLength
      const piece = whole ? bytes : bytes.subarray(0, take)
      bytes = whole ? EMPTY : bytes.subarray(take)
      remaining -= take
      full = remaining === 0
      const write = current.write(piece)
      if (write !== undefined) {
        writing = write
        writingBytes = take
        if (bytes.byteLength > 0) rest = bytes
        return false
      }
      onBytes?.(take)
    }
    return !full
  }

  const onData = (chunk: Uint8Array | string): void => {
    if (!idle || failure !== undefined) {
      queue.push(chunk)
      stream.pause()
      return
    }
    try {
      if (gather(toBytes(chunk))) return
    } catch (error) {
      failure = { error }
    }
    stream.pause()
    idle = false
    notify()
  }
  const onAbort = (): void => notify()
  const unwatch = finished(stream, (error) => {
    settled = { error }
    notify()
  })
  stream.on('data', onData)
  stream.pause()
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    for (;;) {
      if (failure) throw failure.error
      signal?.throwIfAborted()
      if (settled?.error) throw settled.error
      if (writing !== undefined) {
        const write = writing
        writing = undefined
        await write
        onBytes?.(writingBytes)
        continue
      }
      if (full) {
        const part = await current!.finish(partNumber, false)
        current = undefined
        full = false
        yield part
        continue
      }
      if (rest !== undefined) {
        const bytes = rest
        rest = undefined
        if (current === undefined) {
          partNumber++
          const start = await startPart({ partNumber, data: bytes, partDone: false }, options)
          current = start.builder
          remaining = start.plannedSize
        }
        gather(bytes)
        continue
      }
      const chunk = queue.shift()
      if (chunk !== undefined) {
        gather(toBytes(chunk))
        continue
      }
      if (settled) break
      const woken = new Promise<void>((resolve) => {
        wake = resolve
      })
      idle = true
      stream.resume()
      await woken
      idle = false
    }
    if (current !== undefined) {
      const part = await current.finish(partNumber, true)
      current = undefined
      yield part
    }
  } finally {
    idle = false
    stream.off('data', onData)
    signal?.removeEventListener('abort', onAbort)
    unwatch()
    if (!settled) stream.destroy()
    await current?.discard()
  }
}
