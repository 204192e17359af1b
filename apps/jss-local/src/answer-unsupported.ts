import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { addCorsHeaders } from './cors-policy.js'
import { detectDialect } from './dialect.js'
import { serviceError } from './errors.js'
import type { ServerState } from './handle-request.js'
import { resolveTarget } from './resolve-target.js'
import { JSON_TYPE, newRequestId, sendError, startAnswer } from './respond.js'

/** The resource an error about `req` names: `/bucket/key` when the target parses, else `/`. */
function resourceOf(state: ServerState, req: IncomingMessage): string {
  try {
    return resolveTarget(req.url ?? '/', req.headers.host, state.domains).resource
  } catch {
    return '/'
  }
}

/**
 * Answers a request whose `Expect` is not `100-continue` (Node's `checkExpectation`): 417 with the
 * contract's JSON error, code InvalidArgument (the contract has no code of its own for it), before
 * authentication, like a request that is not HTTP. The body is not read: the connection closes.
 */
export function answerExpectationFailed(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  state.counters.requests++
  const dialect = detectDialect(req)
  const requestId = startAnswer(res, state.auth.now, dialect)
  addCorsHeaders(state.cors, req, res, dialect)
  res.setHeader('connection', 'close')
  const error = serviceError(
    417,
    'InvalidArgument',
    `The expectation "${String(req.headers.expect)}" is not supported (only 100-continue).`,
  )
  sendError(req, res, error, { resource: resourceOf(state, req), requestId, dialect })
}

/**
 * Answers a CONNECT request (Node's `connect`, which hands over the raw socket): 405
 * MethodNotAllowed with the contract's JSON error, written on the socket, which is then closed.
 */
export function answerConnect(state: ServerState, req: IncomingMessage, socket: Socket): void {
  state.counters.requests++
  socket.on('error', () => socket.destroy())
  const requestId = newRequestId()
  const body = JSON.stringify({
    code: 'MethodNotAllowed',
    message: 'The method CONNECT is not allowed on this resource.',
    resource: (req.url ?? '').startsWith('/') ? resourceOf(state, req) : '/',
    requestId,
  })
  socket.end(
    'HTTP/1.1 405 Method Not Allowed\r\n' +
      `content-type: ${JSON_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `x-jss-request-id: ${requestId}\r\nserver: jss-local\r\n` +
      `date: ${new Date(state.auth.now()).toUTCString()}\r\nallow: GET, PUT, POST, DELETE, HEAD\r\n` +
      `connection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  )
}
