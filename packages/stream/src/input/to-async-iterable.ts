import { Readable } from 'node:stream'
import { readChunks } from './read-chunks.js'

/**
 * A byte source: any async iterable of chunks — a Node `Readable`, an async generator, a web
 * `ReadableStream` (e.g. `Blob.stream()`, `fetch`'s `response.body`: async iterable in every Node
 * this package supports) — or an old-style (streams1/2) emitter.
 */
export type ByteSource =
  | AsyncIterable<Uint8Array | string>
  | ReadableStream<Uint8Array>
  | NodeJS.ReadableStream

/**
 * `source` as an async iterable that keeps its chunk boundaries. A Node `Readable` is read chunk
 * by chunk without copies ({@link readChunks}). Old-style streams (e.g. the ones
 * `stream-chunker` returns, which have no `Symbol.asyncIterator`) are wrapped in an object-mode
 * `Readable`, so that each chunk they emit stays one element.
 */
export function toAsyncIterable(source: ByteSource): AsyncIterable<Uint8Array | string> {
  // Checked as a plain object: where the DOM's ReadableStream type lacks its async iterator (`lib`
  // "DOM" without "DOM.AsyncIterable"), narrowing by `in` would keep it in the union.
  const value: object = source
  if (value instanceof Readable) return readChunks(value)
  if (Symbol.asyncIterator in value) return value as AsyncIterable<Uint8Array | string>
  if (typeof (value as { on?: unknown }).on === 'function') {
    return new Readable({ objectMode: true }).wrap(value as NodeJS.ReadableStream)
  }
  throw new TypeError(
    'the body must be a Readable, a web ReadableStream or an async iterable of Uint8Array chunks',
  )
}
