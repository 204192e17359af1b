import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Dialect } from './dialect.js'
import { JssLocalServiceError } from './errors.js'
import { buildXml, XML_TYPE, type XmlElement } from './s3-xml.js'

/** The Content-Type of every JSON body. */
export const JSON_TYPE = 'application/json;charset=UTF-8'

/**
 * An authenticated request's body of at most this declared size is drained after an early error,
 * so that the connection can be reused; a larger or chunked one closes the connection.
 */
const DRAIN_LIMIT = 16 * 1024 * 1024

/** Whether a body may still be on its way: declared, chunked, and not yet read to its end. */
export function bodyPending(req: IncomingMessage): boolean {
  if (req.complete) return false
  return (
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0
  )
}

/** What the answer may leave of the request body. */
function closesConnection(req: IncomingMessage, authenticated: boolean): boolean {
  if (!bodyPending(req)) return false
  // Before authentication nothing of the body is read: the answer, then the connection closes,
  // whatever the framing, so that an unauthenticated sender cannot keep the server reading.
  if (!authenticated) return true
  const declared = req.headers['content-length']
  return declared === undefined || Number(declared) > DRAIN_LIMIT
}

/**
 * Marks the answer `Connection: close` and closes the connection once it is sent, so that an unread
 * request body is never read (Node would otherwise read and discard it to reuse the connection).
 */
export function closeAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('connection', 'close')
  // Node reads (dumps) an unconsumed body until the socket goes: make that moment now.
  res.once('finish', () => req.socket.destroySoon())
}

/** Sends a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': JSON_TYPE,
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

/** Sends an XML document `<root>…</root>` (the S3 dialect's bodies). */
export function sendXml(res: ServerResponse, status: number, root: string, body: XmlElement): void {
  const text = buildXml(root, body)
  res.writeHead(status, {
    'content-type': XML_TYPE,
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

/** Sends an empty answer. */
export function sendEmpty(
  res: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...headers, 'content-length': 0 })
  res.end()
}

/**
 * Sets the headers every answer carries (`x-jss-request-id`, or `x-amz-request-id` and
 * `x-amz-id-2` in the S3 dialect; `server`; `date` from the server clock) and returns the new
 * request id.
 */
export function startAnswer(
  res: ServerResponse,
  now: () => number,
  dialect: Dialect = 'jss',
): string {
  const requestId = newRequestId()
  if (dialect === 's3') {
    res.setHeader('x-amz-request-id', requestId)
    res.setHeader('x-amz-id-2', Buffer.from(requestId).toString('base64'))
  } else res.setHeader('x-jss-request-id', requestId)
  res.setHeader('server', 'jss-local')
  // The server's own clock, injected or not: clients may correct their skew from it.
  res.setHeader('date', new Date(now()).toUTCString())
  return requestId
}

/** A fresh request id: 16 uppercase hex digits. */
export function newRequestId(): string {
  return randomBytes(8).toString('hex').toUpperCase()
}

/** Context an error answer names. */
export interface ErrorContext {
  readonly resource: string
  readonly requestId: string
  /**
   * Whether the request passed authentication. Refused before, an unread body is never read: the
   * connection closes after the answer.
   * @default false
   */
  readonly authenticated?: boolean
  /** The dialect the error is answered in. @default 'jss' */
  readonly dialect?: Dialect | undefined
}

/**
 * Sends a service error: JSON `{code, message, resource, requestId}` in the JSS dialect, XML
 * `<Error><Code/><Message/><Resource/><RequestId/>…</Error>` in the S3 dialect (no body for HEAD). A request body
 * not yet read is never read before authentication (the connection closes after the answer); after
 * it, a small declared body is drained, a large or chunked one closes the connection.
 * Unknown errors become 500 InternalError.
 */
export function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  context: ErrorContext,
): void {
  const known =
    error instanceof JssLocalServiceError
      ? error
      : new JssLocalServiceError(500, 'InternalError', 'We encountered an internal error.')
  if (res.headersSent || res.destroyed) {
    res.destroy()
    return
  }
  for (const [name, value] of Object.entries(known.headers)) res.setHeader(name, value)
  if (closesConnection(req, context.authenticated ?? false)) closeAfterAnswer(req, res)
  if (req.method === 'HEAD') {
    // No body, but said so: a HEAD answer without Content-Length may leave a client unsure where
    // the next answer starts, so that it closes the connection.
    res.writeHead(known.status, { 'content-length': 0 })
    res.end()
    return
  }
  if (context.dialect === 's3') {
    sendXml(res, known.status, 'Error', {
      Code: known.jssCode,
      Message: known.message,
      Resource: context.resource,
      RequestId: context.requestId,
      ...known.details,
    })
    return
  }
  sendJson(res, known.status, {
    code: known.jssCode,
    message: known.message,
    resource: context.resource,
    requestId: context.requestId,
  })
}
