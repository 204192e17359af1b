import { JssBodyError } from './errors.js'

/**
 * A request body that is read as it is sent, never held whole: a file, a spool, anything that can be
 * read again from the start. `open()` is called afresh for every attempt (a retry replays the body
 * from its first byte) and must yield exactly `size` bytes; the request carries `Content-Length:
 * size`. A body that yields more or fewer bytes fails the attempt with a {@link JssBodyError}
 * (`JSS_ERR_BODY_LENGTH`), one whose source fails with `JSS_ERR_BODY`; neither is retried.
 * @example
 * import { createReadStream } from 'node:fs'
 * import { stat } from 'node:fs/promises'
 *
 * const body: StreamedBody = {
 *   size: (await stat('part-7.bin')).size,
 *   open: () => createReadStream('part-7.bin', { highWaterMark: 1024 * 1024 }),
 * }
 * await client.uploadPart({ bucket, key, uploadId, partNumber: 7, body, contentMd5 })
 */
export interface StreamedBody {
  /** The exact number of bytes every `open()` yields; sent as `Content-Length`. */
  readonly size: number
  /** A fresh iterable of the body's bytes from the start (called once per attempt). */
  open(): AsyncIterable<Uint8Array>
}

/** Whether `body` is a {@link StreamedBody} (not bytes). */
export function isStreamedBody(body: unknown): body is StreamedBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    !(body instanceof Uint8Array) &&
    !Array.isArray(body) &&
    typeof (body as { open?: unknown }).open === 'function'
  )
}

function lengthError(resource: string, size: number, actual: number, more: boolean): JssBodyError {
  const text = more ? `more than ${size} bytes (${actual} so far)` : `${actual} bytes`
  return new JssBodyError(
    `The streamed body of ${resource} yielded ${text}, but its size is ${size}: the source changed or its size is wrong.`,
    'JSS_ERR_BODY_LENGTH',
    { resource, expected: size, actual },
  )
}

function sourceError(resource: string, error: unknown): JssBodyError {
  const detail = error instanceof Error && error.message ? `: ${error.message}` : ''
  return new JssBodyError(
    `The streamed body of ${resource} failed while it was read${detail}`,
    'JSS_ERR_BODY',
    { resource, cause: error },
  )
}

/**
 * One attempt's chunks of `body`: opened now, checked to add up to exactly `body.size` (a chunk past
 * the size is never passed on), the source's failures wrapped in {@link JssBodyError}. Leaving the
 * loop early, or an abort of `signal`, closes the source.
 */
export async function* meterBody(
  body: StreamedBody,
  resource: string,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array, void, undefined> {
  let iterator: AsyncIterator<Uint8Array> | undefined
  let total = 0
  let finished = false
  try {
    try {
      iterator = body.open()[Symbol.asyncIterator]()
    } catch (error) {
      throw sourceError(resource, error)
    }
    for (;;) {
      let next: IteratorResult<Uint8Array>
      try {
        next = await iterator.next()
      } catch (error) {
        finished = true
        throw sourceError(resource, error)
      }
      if (next.done) {
        finished = true
        break
      }
      signal.throwIfAborted()
      const chunk: unknown = next.value
      if (!(chunk instanceof Uint8Array)) {
        throw sourceError(resource, new Error(`a chunk is ${typeof chunk}, not a Uint8Array`))
      }
      total += chunk.byteLength
      if (total > body.size) throw lengthError(resource, body.size, total, true)
      if (chunk.byteLength > 0) yield chunk
    }
    if (total !== body.size) throw lengthError(resource, body.size, total, false)
  } finally {
    if (!finished) await iterator?.return?.()?.catch(() => {})
  }
}
