import { Readable } from 'node:stream'

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
 * `source` as an async iterable that keeps its chunk boundaries. Old-style streams (e.g. the ones
 * `stream-chunker` returns, which have no `Symbol.asyncIterator`) are wrapped in an object-mode
 * `Readable`, so that each chunk they emit stays one element.
 */
export function toAsyncIterable(source: ByteSource): AsyncIterable<Uint8Array | string> {
  if (Symbol.asyncIterator in source) return source as AsyncIterable<Uint8Array | string>
  if (typeof (source as NodeJS.ReadableStream).on === 'function') {
    return new Readable({ objectMode: true }).wrap(source as NodeJS.ReadableStream)
  }
  throw new TypeError(
    'the body must be a Readable, a web ReadableStream or an async iterable of Uint8Array chunks',
  )
}
