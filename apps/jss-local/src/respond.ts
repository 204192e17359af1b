import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { JssLocalServiceError } from './errors.js'

/** The Content-Type of every JSON body. */
export const JSON_TYPE = 'application/json;charset=UTF-8'

/** Bodies above this size are not drained after an early error: the connection is closed instead. */
const DRAIN_LIMIT = 16 * 1024 * 1024

/** Sends a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': JSON_TYPE,
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
 * Sets the headers every answer carries (`x-jss-request-id`, `server`, `date` from the server
 * clock) and returns the new request id.
 */
export function startAnswer(res: ServerResponse, now: () => number): string {
  const requestId = newRequestId()
  res.setHeader('x-jss-request-id', requestId)
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
}

/**
 * Sends a JSS error: JSON `{code, message, resource, requestId}` (no body for HEAD). A request body
 * not yet read is drained when small, or the connection is closed after the answer when large.
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
  if (!req.complete && Number(req.headers['content-length'] ?? 0) > DRAIN_LIMIT) {
    res.setHeader('connection', 'close')
  }
  if (req.method === 'HEAD') {
    // No body, but said so: a HEAD answer without Content-Length may leave a client unsure where
    // the next answer starts, so that it closes the connection.
    res.writeHead(known.status, { 'content-length': 0 })
    res.end()
    return
  }
  sendJson(res, known.status, {
    code: known.jssCode,
    message: known.message,
    resource: context.resource,
    requestId: context.requestId,
  })
}
