import type { IncomingMessage, ServerResponse } from 'node:http'
import { type AuthOptions, authenticate } from './authenticate.js'
import { authenticateS3 } from './authenticate-s3.js'
import { createBucket, deleteBucket, listBuckets, listObjects } from './bucket-handlers.js'
import { addCorsHeaders, answerPreflight, type CorsPolicy } from './cors-policy.js'
import type { Counters } from './counters.js'
import { type Dialect, detectDialect } from './dialect.js'
import type { DiskStore } from './disk-store.js'
import { JssLocalResetError, JssLocalServiceError, serviceError } from './errors.js'
import type { Fault, FaultInjector } from './fault-injector.js'
import type { HandlerContext, Limits } from './handler-context.js'
import type { HashPool } from './hash-pool.js'
import { listMultipartUploads, listParts } from './list-upload-handlers.js'
import {
  abortMultipartUpload,
  completeMultipartUpload,
  initiateMultipartUpload,
  uploadPart,
} from './multipart-handlers.js'
import { deleteObject, getObject, putObject } from './object-handlers.js'
import type { Operation } from './operations.js'
import { type RequestTarget, resolveTarget } from './resolve-target.js'
import { sendError, startAnswer } from './respond.js'
import { routeOperation } from './route-operation.js'
import { refuseUnsupportedS3 } from './s3-unsupported.js'

const HANDLERS: Readonly<Record<Operation, (context: HandlerContext) => Promise<void>>> = {
  initiateMultipartUpload,
  uploadPart,
  completeMultipartUpload,
  abortMultipartUpload,
  listParts,
  listMultipartUploads,
  putObject,
  getObject,
  headObject: getObject,
  deleteObject,
  createBucket,
  deleteBucket,
  listObjects,
  listBuckets,
}

/** What the request handler shares across requests. */
export interface ServerState {
  readonly store: DiskStore
  readonly hashPool: HashPool | undefined
  readonly limits: Limits
  readonly counters: Counters
  readonly auth: AuthOptions
  readonly faults: FaultInjector
  /** Host suffixes for virtual-host addressing (`bucket.<domain>`). */
  readonly domains: readonly string[]
  /** Which browser origins get CORS headers; `undefined` when CORS is off. */
  readonly cors: CorsPolicy | undefined
  /** Waits `ms` (a stall fault), resolving early when the server closes. */
  readonly sleep: (ms: number) => Promise<void>
}

/** Reads about half the declared body, then resets the connection (RST). */
async function resetMidBody(req: IncomingMessage): Promise<void> {
  const half = Math.floor(Number(req.headers['content-length'] ?? 0) / 2)
  if (half > 0 && !req.complete) {
    await new Promise<void>((resolve) => {
      let seen = 0
      const onData = (chunk: Buffer): void => {
        seen += chunk.length
        if (seen >= half) finish()
      }
      const finish = (): void => {
        req.off('data', onData)
        req.pause()
        resolve()
      }
      req.on('data', onData)
      req.once('end', finish)
      req.once('error', finish)
    })
  }
  const socket = req.socket
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy()
  else socket.destroy()
}

/** Reads and discards the body, so that an early error answer reaches the client cleanly. */
async function drain(req: IncomingMessage): Promise<void> {
  if (req.complete) return
  await new Promise<void>((resolve) => {
    req.once('end', resolve)
    req.once('error', resolve)
    req.once('close', resolve)
    req.resume()
  })
}

async function applyFault(state: ServerState, req: IncomingMessage, fault: Fault): Promise<void> {
  switch (fault.kind) {
    case '500':
      await drain(req)
      throw serviceError(500, 'InternalError', 'We encountered an internal error (injected).')
    case '503':
      await drain(req)
      throw new JssLocalServiceError(
        503,
        'SlowDown',
        'Please reduce your request rate (injected).',
        {
          'retry-after': String(fault.retryAfterSeconds),
        },
      )
    case 'reset':
      await resetMidBody(req)
      throw new JssLocalResetError()
    case 'stall':
      await state.sleep(fault.ms)
      return
    case 'etag':
    case 'cut':
      // Applied by the handler, to its answer.
      return
  }
}

/**
 * Authenticates a request in its dialect: the `jingdong` signature, or SigV4 (S3). Returns the
 * payload hash an S3 request signed (`undefined` for JSS).
 */
async function authenticateIn(
  dialect: Dialect,
  req: IncomingMessage,
  target: RequestTarget,
  auth: AuthOptions,
): Promise<string | undefined> {
  if (dialect === 's3') return (await authenticateS3(req, target, auth)).payloadHash
  await authenticate(req, target, auth)
  return undefined
}

/** How one request came in. */
export interface RequestOptions {
  /**
   * The request has `Expect: 100-continue` (Node's `checkContinue`): `100 Continue` is sent once it
   * is authenticated; a request refused earlier gets its final answer and the connection closes.
   * @default false
   */
  readonly expectsContinue?: boolean
}

/**
 * Handles one HTTP request: resolve, route, authenticate, maybe inject a fault, run the operation.
 * A CORS preflight from an allowed origin is answered once the Host and target are checked, before
 * authentication; every other answer carries the CORS headers its origin is allowed.
 */
export async function handleRequest(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  options: RequestOptions = {},
): Promise<void> {
  const { counters } = state
  counters.requests++
  counters.requestsInFlight++
  counters.peakRequestsInFlight = Math.max(counters.peakRequestsInFlight, counters.requestsInFlight)
  // Told apart by the authentication alone, first: every answer, an early error too, is in it.
  const dialect = detectDialect(req)
  const requestId = startAnswer(res, state.auth.now, dialect)
  addCorsHeaders(state.cors, req, res, dialect)
  let target: RequestTarget | undefined
  let authenticated = false
  try {
    // The Host and the target are checked before anything else, a preflight included.
    target = resolveTarget(req.url ?? '/', req.headers.host, state.domains)
    // A preflight from an allowed origin carries no credentials: answered before authentication.
    if (answerPreflight(state.cors, req, res)) return
    let operation: Operation
    try {
      operation = routeOperation(req.method ?? 'GET', target)
    } catch (error) {
      // Authentication comes first: an unsigned request learns nothing about routes.
      await authenticateIn(dialect, req, target, state.auth)
      throw error
    }
    counters.operations[operation] = (counters.operations[operation] ?? 0) + 1
    const payloadHash = await authenticateIn(dialect, req, target, state.auth)
    authenticated = true
    if (dialect === 's3') refuseUnsupportedS3(req.method ?? 'GET', target, req.headers)
    // `Expect: 100-continue`: the client sends the body only once the request is known to be allowed.
    if (options.expectsContinue) res.writeContinue()
    const fault = state.faults.draw(operation)
    if (fault) {
      counters.faultsInjected[fault.kind] = (counters.faultsInjected[fault.kind] ?? 0) + 1
      await applyFault(state, req, fault)
    }
    const context: HandlerContext = {
      req,
      res,
      target,
      store: state.store,
      hashPool: state.hashPool,
      limits: state.limits,
      counters,
      now: state.auth.now,
      fault,
      dialect,
      payloadHash,
      region: state.auth.region,
    }
    await HANDLERS[operation](context)
  } catch (error) {
    if (!(error instanceof JssLocalResetError)) {
      sendError(req, res, error, {
        resource: target?.resource ?? '/',
        requestId,
        authenticated,
        dialect,
      })
    }
  } finally {
    counters.requestsInFlight--
  }
}
