import { Transform, type TransformCallback } from 'node:stream'
import { JssLocalServiceError } from './errors.js'

/** The longest chunk-size line or trailer line read. */
const MAX_LINE = 4096

/** The most trailer bytes read. */
const MAX_TRAILER = 16 * 1024

function invalid(message: string): JssLocalServiceError {
  return new JssLocalServiceError(
    400,
    'IncompleteBody',
    `The aws-chunked body is invalid: ${message}.`,
    {
      connection: 'close',
    },
  )
}

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done'

/**
 * Decodes an `aws-chunked` body whose chunks are not signed (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`):
 * `hex-size\r\n` `bytes` `\r\n` …, a `0\r\n` chunk, then trailer lines `name:value\r\n` and an empty
 * line. Yields the bytes; the trailers are in `trailers` once the stream has ended. A body that is
 * not in this form, or ends early, fails with 400 IncompleteBody.
 */
export class AwsChunkedDecoder extends Transform {
  /** The trailer fields, names lower-cased, once the body has ended. */
  readonly trailers = new Map<string, string>()
  #state: State = 'size'
  #line = ''
  #remaining = 0
  #trailerBytes = 0
  #decoded = 0
  readonly #maxBytes: number

  /** `maxBytes`: the most decoded bytes taken (the declared length); more fails the body. */
  constructor(maxBytes: number) {
    super()
    this.#maxBytes = maxBytes
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#consume(chunk)
      callback()
    } catch (error) {
      callback(error as Error)
    }
  }

  override _flush(callback: TransformCallback): void {
    // A trailer whose final empty line is missing is taken as ended.
    const ended = this.#state === 'done' || (this.#state === 'trailer' && this.#line === '')
    callback(ended ? null : invalid('it ended before its last chunk and trailer'))
  }

  #consume(chunk: Buffer): void {
    let at = 0
    while (at < chunk.length) {
      if (this.#state === 'data') {
        const take = Math.min(this.#remaining, chunk.length - at)
        this.push(chunk.subarray(at, at + take))
        at += take
        this.#remaining -= take
        if (this.#remaining === 0) this.#state = 'data-end'
        continue
      }
      if (this.#state === 'done') throw invalid('bytes follow its trailer')
      const end = chunk.indexOf(10, at)
      const piece = chunk.toString('latin1', at, end < 0 ? chunk.length : end + 1)
      at = end < 0 ? chunk.length : end + 1
      this.#line += piece
      if (this.#state === 'trailer') this.#trailerBytes += piece.length
      if (this.#line.length > MAX_LINE || this.#trailerBytes > MAX_TRAILER) {
        throw invalid('a line is too long')
      }
      if (end >= 0) {
        const line = this.#line
        this.#line = ''
        if (!line.endsWith('\r\n')) throw invalid('a line does not end with CRLF')
        this.#onLine(line.slice(0, -2))
      }
    }
  }

  #onLine(line: string): void {
    switch (this.#state) {
      case 'size': {
        const size = line.split(';', 1)[0]!.trim()
        if (!/^[0-9a-fA-F]{1,12}$/.test(size))
          throw invalid(`bad chunk size ${JSON.stringify(size)}`)
        this.#remaining = Number.parseInt(size, 16)
        this.#decoded += this.#remaining
        if (this.#decoded > this.#maxBytes) {
          throw invalid('it holds more bytes than x-amz-decoded-content-length')
        }
        this.#state = this.#remaining === 0 ? 'trailer' : 'data'
        return
      }
      case 'data-end':
        if (line !== '') throw invalid('a chunk is longer than its size')
        this.#state = 'size'
        return
      case 'trailer': {
        if (line === '') {
          this.#state = 'done'
          return
        }
        const colon = line.indexOf(':')
        if (colon <= 0) throw invalid('a trailer line is not name:value')
        this.trailers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
        return
      }
      default:
        throw invalid('unexpected line')
    }
  }
}
