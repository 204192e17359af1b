import type { Readable } from 'node:stream'
import type { Target } from './addressing.js'
import { declaresNoBody } from './declares-no-body.js'
import { JssError, JssTransportError } from './errors.js'
import { readServiceError } from './read-service-error.js'
import type { ResolvedOptions } from './resolve-options.js'
import { discardBody, flattenHeaders, type JssResponse } from './response.js'
import { isStreamedBody, meterBody, type StreamedBody } from './streamed-body.js'
import { toTransportError } from './to-transport-error.js'
import { watchSpeed } from './watch-speed.js'

/**
 * A request body: bytes, a list of byte chunks sent one after the other without copying, or a
 * {@link StreamedBody} read as it is sent (opened afresh for every attempt).
 */
export type RequestBody = Uint8Array | readonly Uint8Array[] | StreamedBody

/** Client state shared by every request. */
export interface ClientContext {
  options: ResolvedOptions
  /** Milliseconds added to the local clock when signing (learned on RequestTimeTooSkewed). */
  clockOffset: number
  /** Estimate of the server's clock minus the local one, from the latest `Date` header (±1 s). */
  serverOffset: number
}

/** One request, as the operations describe it. */
export interface RequestSpec<T> {
  operation: string
  method: string
  target: Target
  /** Headers that are signed or meaningful: `content-type`, `content-md5`, `x-jss-*`/`x-amz-*`, `range`. */
  headers?: Record<string, string>
  body?: RequestBody
  /** Turns a 2xx answer into the result. The body is dumped afterwards unless `keepBody`. */
  parse: (res: JssResponse) => Promise<T>
  /** The result holds the body (getObject): do not dump it. */
  keepBody?: boolean
}

/** The byte length of a body. */
export function bodyLength(body: RequestBody | undefined): number {
  if (body === undefined) return 0
  if (body instanceof Uint8Array) return body.byteLength
  if (isStreamedBody(body)) return body.size
  let total = 0
  for (const chunk of body) total += chunk.byteLength
  return total
}

/** What one attempt learned, success or not. */
export interface AttemptFacts {
  status: number | undefined
  requestId: string | undefined
  retryAfter?: string | undefined
  /** The body handed to the caller (`keepBody`): the attempt's abort link lives until it closes. */
  keptBody?: Readable | undefined
}

function stalledError(resource: string, floor: number, windowMs: number): JssTransportError {
  return new JssTransportError(
    `${resource}: the response body arrived slower than ${floor} bytes/s over ${windowMs} ms (timeouts.minSpeed); the connection looks stalled.`,
    'JSS_ERR_STALLED',
    { resource, retryable: true, ambiguous: false },
  )
}

type DispatchResponse = Awaited<ReturnType<ResolvedOptions['dispatcher']['request']>>

/** Signs the attempt's headers (with `content-length` when it has a body) at the corrected time. */
async function signAttempt(
  ctx: ClientContext,
  spec: RequestSpec<unknown>,
): Promise<{ signed: Record<string, string>; date: Date }> {
  const headers: Record<string, string> = { ...spec.headers }
  const hasBody = spec.body !== undefined || spec.method === 'PUT' || spec.method === 'POST'
  if (hasBody) headers['content-length'] = String(bodyLength(spec.body))
  const date = new Date(Date.now() + ctx.clockOffset)
  const { url, signerBucket } = spec.target
  const signed = await ctx.options.dialect.sign(
    { method: spec.method, url, headers, signerBucket, body: spec.body },
    ctx.options.credentials,
    date,
  )
  return { signed, date }
}

/** Sends the signed request; a network failure becomes a `JssTransportError`, an abort its reason. */
async function dispatch(
  options: ResolvedOptions,
  spec: RequestSpec<unknown>,
  signed: Record<string, string>,
  signal: AbortSignal,
): Promise<DispatchResponse> {
  try {
    return await options.dispatcher.request({
      origin: spec.target.origin,
      path: spec.target.path,
      method: spec.method as 'GET',
      headers: { ...signed, 'user-agent': options.userAgent },
      // undici sends arrays and async iterables (chunk by chunk); its types only name Uint8Array
      body: requestBody(spec, signal) as Uint8Array | null,
      signal,
      headersTimeout: options.timeouts.request,
      bodyTimeout: options.timeouts.body,
    })
  } catch (error) {
    if (signal.aborted) throw signal.reason
    if (error instanceof JssError) throw error
    throw toTransportError(error, spec.target.origin, spec.target.resource)
  }
}

/**
 * The response body, watched for a stalled transfer (pages, errors, Complete's answer can drip);
 * a response that declares no bytes (HEAD, 204, 304, `Content-Length: 0`: every part upload's) is
 * not: the meter would cost a Transform, a pipeline and a timer per request for nothing.
 */
function watchedBody(
  options: ResolvedOptions,
  spec: RequestSpec<unknown>,
  response: DispatchResponse,
): JssResponse['body'] {
  if (declaresNoBody(spec.method, response.statusCode, response.headers)) return response.body
  const { minSpeed, body: windowMs } = options.timeouts
  // The watched body is a plain Readable, read with `for await` (readText) or kept (getObject).
  return watchSpeed(response.body, {
    windowMs,
    minBytesPerSecond: minSpeed,
    stalled: () => stalledError(spec.target.resource, minSpeed, windowMs),
  }) as JssResponse['body']
}

/** Wraps undici's response for the operations, and records its facts and the server's clock. */
function toJssResponse(
  ctx: ClientContext,
  spec: RequestSpec<unknown>,
  response: DispatchResponse,
  facts: AttemptFacts,
): JssResponse {
  const headers = flattenHeaders(response.headers)
  const res: JssResponse = {
    statusCode: response.statusCode,
    headers,
    requestId: headers[ctx.options.dialect.requestIdHeader],
    body: watchedBody(ctx.options, spec, response),
    resource: spec.target.resource,
  }
  facts.status = res.statusCode
  facts.requestId = res.requestId
  facts.retryAfter = headers['retry-after']
  const serverDate = Date.parse(headers.date ?? '')
  // Date has a resolution of one second: add half a second to centre the estimate
  if (!Number.isNaN(serverDate)) ctx.serverOffset = serverDate + 500 - Date.now()
  return res
}

/**
 * Signs and sends one attempt, and parses its answer: a 2xx goes through `spec.parse`, anything else
 * becomes a `JssServiceError`, a network failure a `JssTransportError`; every body is consumed.
 */
export async function sendOnce<T>(
  ctx: ClientContext,
  spec: RequestSpec<T>,
  signal: AbortSignal,
  facts: AttemptFacts,
): Promise<T> {
  const { signed, date } = await signAttempt(ctx, spec)
  signal.throwIfAborted()
  const response = await dispatch(ctx.options, spec, signed, signal)
  const res = toJssResponse(ctx, spec, response, facts)
  let keep = false
  try {
    if (res.statusCode < 200 || res.statusCode >= 300) {
      const { dialect } = ctx.options
      const service = dialect.name === 's3' ? 'S3' : 'JSS'
      throw await readServiceError(res, spec.method, date, dialect.parseErrorBody, service)
    }
    const value = await spec.parse(res)
    keep = spec.keepBody === true
    if (keep) facts.keptBody = res.body as unknown as Readable
    return value
  } catch (error) {
    if (signal.aborted) throw signal.reason
    throw toTransportErrorIfNetwork(error, spec)
  } finally {
    if (!keep) {
      if (res.body !== response.body) (res.body as unknown as Readable).destroy()
      await discardBody(response.body)
    }
  }
}

/** What undici sends: the bytes as they are, or this attempt's metered chunks of a streamed body. */
function requestBody(
  spec: RequestSpec<unknown>,
  signal: AbortSignal,
): Uint8Array | AsyncIterable<Uint8Array> | null {
  const { body } = spec
  if (body === undefined) return null
  if (isStreamedBody(body)) return meterBody(body, spec.target.resource, signal)
  return body as Uint8Array
}

function toTransportErrorIfNetwork(error: unknown, spec: RequestSpec<unknown>): unknown {
  if (error instanceof JssError) return error
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return error
  return toTransportError(error, spec.target.origin, spec.target.resource)
}
