import type { IncomingMessage } from 'node:http'
import { JssLocalServiceError, serviceError } from './errors.js'

/** The largest Complete body read; larger is 400 MalformedJson. */
const MAX_BODY = 4 * 1024 * 1024

/** A chunked body above MAX_BODY is discarded up to this size (for a clean answer), then cut. */
const MAX_DRAIN = 64 * 1024 * 1024

/** A part named in a Complete request. */
export interface RequestedPart {
  readonly partNumber: number
  /** Lowercase hex, quotes stripped. */
  readonly etag: string
}

/** How a Complete body is read. */
export interface CompleteBodyOptions {
  /** Parses the text. @default parseCompleteBody (the JSS JSON form) */
  readonly parse?: ((text: string) => RequestedPart[]) | undefined
  /** The error code of a body too large. @default 'MalformedJson' */
  readonly code?: string | undefined
  /** Checks the raw bytes before parsing (the S3 payload hash). @default none */
  readonly check?: ((body: Buffer) => void) | undefined
}

function tooLarge(code: string): Error {
  return serviceError(400, code, 'The body is too large.')
}

function malformed(detail: string): Error {
  return serviceError(400, 'MalformedJson', `The JSON you provided was not well-formed: ${detail}`)
}

/**
 * Parses a Complete body: `{"Part":[{"PartNumber":1,"ETag":"hex"},…]}` or a bare array of the same
 * items (an old SDK's form). ETags may be quoted; PartNumber may be a numeric string.
 */
export function parseCompleteBody(text: string): RequestedPart[] {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw malformed('not JSON')
  }
  const list = Array.isArray(json) ? json : (json as { Part?: unknown } | null)?.Part
  if (!Array.isArray(list) || list.length === 0) throw malformed('no Part list')
  return list.map((item: unknown) => {
    const { PartNumber, ETag } = (item ?? {}) as { PartNumber?: unknown; ETag?: unknown }
    const partNumber =
      typeof PartNumber === 'string' && /^\d+$/.test(PartNumber) ? Number(PartNumber) : PartNumber
    if (typeof partNumber !== 'number' || !Number.isSafeInteger(partNumber) || partNumber < 1) {
      throw malformed('PartNumber must be a positive integer')
    }
    if (typeof ETag !== 'string') throw malformed('ETag must be a string')
    return { partNumber, etag: ETag.trim().replace(/^"|"$/g, '').toLowerCase() }
  })
}

/**
 * Reads a small request body whole, keeping at most 4 MiB (more is 400 `tooLargeCode`: a declared
 * length is refused at once, a chunked body is discarded to its end, or cut past 64 MiB).
 * Consumes the body with events, never destroying it, so that errors are answered.
 */
export async function readSmallBody(req: IncomingMessage, tooBig: () => Error): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) throw tooBig()
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (error: unknown): void => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', done)
      req.off('close', onClose)
      if (error === undefined) resolve(Buffer.concat(chunks))
      else reject(error)
    }
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size <= MAX_BODY) chunks.push(chunk)
      else if (chunks.length > 0) chunks.length = 0
      if (size > MAX_DRAIN) {
        // Too much to even discard: stop reading and close the connection after the answer.
        req.pause()
        const error = tooBig() as JssLocalServiceError
        done(
          new JssLocalServiceError(error.status, error.jssCode, 'The body is too large.', {
            connection: 'close',
          }),
        )
      }
    }
    const onEnd = (): void => {
      if (size > MAX_BODY) done(tooBig())
      else if (req.complete) done(undefined)
      else done(serviceError(400, 'IncompleteBody', 'The body ended early.'))
    }
    const onClose = (): void => {
      if (!req.readableEnded) done(serviceError(400, 'IncompleteBody', 'The body ended early.'))
    }
    req.on('data', onData)
    req.once('end', onEnd)
    req.once('error', done)
    req.once('close', onClose)
  })
}

/**
 * Reads and parses the body of a Complete request (`readSmallBody`: at most 4 MiB, more is 400
 * MalformedJson, or `options.code`).
 */
export async function readCompleteBody(
  req: IncomingMessage,
  options: CompleteBodyOptions = {},
): Promise<RequestedPart[]> {
  const { parse = parseCompleteBody, check } = options
  const code = options.code ?? 'MalformedJson'
  const bytes = await readSmallBody(req, () =>
    code === 'MalformedJson' ? malformed('the body is too large') : tooLarge(code),
  )
  check?.(bytes)
  return parse(bytes.toString('utf8'))
}
