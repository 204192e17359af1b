import { InvalidOptionError } from '../errors.js'
import { createAbortRace } from './abortable.js'

/** A piece of one part: a view of a source chunk (never a copy). */
export interface PartSegment {
  /** 1-based part number. */
  readonly partNumber: number
  readonly data: Uint8Array
  /** This segment fills the part to its planned size. */
  readonly partDone: boolean
}

/** Options of {@link splitStream}. */
export interface SplitStreamOptions {
  /** The planned size of each part: a positive integer (anything else fails the stream). */
  readonly sizeAt: (partNumber: number) => number
  /** Stops reading: the pending read rejects with `signal.reason` and the source is closed. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Cuts a byte stream into parts without copying: each source chunk is passed on whole or cut with
 * `subarray` at part boundaries. The last part is the rest (shorter, or missing when the stream
 * ends on a boundary). The source is read only as fast as the consumer pulls.
 */
export async function* splitStream(
  source: AsyncIterable<Uint8Array | string>,
  { sizeAt, signal }: SplitStreamOptions,
): AsyncGenerator<PartSegment, void, undefined> {
  // A size of 0, NaN or less would cut empty segments off the same chunk forever, in microtasks.
  const plannedSize = (n: number): number => {
    const size = sizeAt(n)
    if (Number.isSafeInteger(size) && size > 0) return size
    throw new InvalidOptionError(`sizeAt(${n}) must be a positive integer, got ${size}`)
  }
  let remaining = plannedSize(1)
  const iterator = source[Symbol.asyncIterator]()
  const aborts = createAbortRace(signal)
  let partNumber = 1
  let done = false
  try {
    for (;;) {
      const next = await aborts.race(iterator.next())
      if (next.done) {
        done = true
        return
      }
      let chunk = toBytes(next.value)
      while (chunk.byteLength > 0) {
        const take = Math.min(remaining, chunk.byteLength)
        const data = take === chunk.byteLength ? chunk : chunk.subarray(0, take)
        chunk = take === chunk.byteLength ? chunk.subarray(chunk.byteLength) : chunk.subarray(take)
        remaining -= take
        const partDone = remaining === 0
        yield { partNumber, data, partDone }
        if (partDone) {
          partNumber++
          remaining = plannedSize(partNumber)
        }
      }
    }
  } finally {
    aborts.dispose()
    if (!done) closeQuietly(source, iterator)
  }
}

/**
 * An already-chunked source, each element one whole part (e.g. from `stream-chunker`), as segments.
 */
export async function* splitParts(
  source: AsyncIterable<Uint8Array | string>,
  { signal }: { readonly signal?: AbortSignal | undefined } = {},
): AsyncGenerator<PartSegment, void, undefined> {
  const iterator = source[Symbol.asyncIterator]()
  const aborts = createAbortRace(signal)
  let partNumber = 1
  let done = false
  try {
    for (;;) {
      const next = await aborts.race(iterator.next())
      if (next.done) {
        done = true
        return
      }
      const data = toBytes(next.value)
      if (data.byteLength === 0) continue
      yield { partNumber: partNumber++, data, partDone: true }
    }
  } finally {
    aborts.dispose()
    if (!done) closeQuietly(source, iterator)
  }
}

/** A chunk of a byte source as bytes (a string as UTF-8); anything else fails the stream. */
export function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value
  if (typeof value === 'string') return Buffer.from(value)
  throw new InvalidOptionError(`the body must yield Uint8Array chunks, got ${typeof value}`)
}

/**
 * Stops a source that is left early. A Node stream is destroyed directly: its iterator's `return()`
 * would wait behind a pending `next()` that may never settle.
 */
function closeQuietly(source: unknown, iterator: AsyncIterator<unknown>): void {
  try {
    const destroy = (source as { destroy?: unknown }).destroy
    if (typeof destroy === 'function') destroy.call(source)
    else iterator.return?.()?.catch(() => {})
  } catch {
    // closing is best effort
  }
}
