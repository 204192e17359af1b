import { JssServiceError } from './errors.js'
import { type JssResponse, readText } from './response.js'

const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'InternalError',
  'SlowDown',
  'RequestTimeout',
  'ServiceUnavailable',
])

/** 500, 502, 503, 504 and the transient codes are retried. */
export function isRetryableStatus(statusCode: number, code: string): boolean {
  return [500, 502, 503, 504].includes(statusCode) || RETRYABLE_CODES.has(code)
}

/** A bodiless 403 whose `Date` is this far from the signing time is taken for a skewed clock. */
const SKEW_LIMIT_MS = 14 * 60 * 1000

/** Codes for bodiless errors (HEAD), by status. */
function fallbackCode(statusCode: number, method: string): string {
  if (method === 'HEAD' && statusCode === 404) return 'NoSuchKey'
  if (statusCode === 403) return 'AccessDenied'
  if (statusCode === 503) return 'SlowDown'
  if (statusCode === 500) return 'InternalError'
  return `Http${statusCode}`
}

/** What an error body says (each field only when it is a string). */
export interface ErrorBody {
  code?: string | undefined
  serviceMessage?: string | undefined
  resource?: string | undefined
  requestId?: string | undefined
}

/** The fields of a JSON error body (`{"code","message","resource","requestId"}`), or a note that it is not JSON. */
export function parseJsonErrorBody(text: string): ErrorBody {
  const found: ErrorBody = {}
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>
    for (const field of ['code', 'resource', 'requestId'] as const) {
      if (typeof parsed[field] === 'string') found[field] = parsed[field]
    }
    if (typeof parsed.message === 'string') found.serviceMessage = parsed.message
  } catch {
    if (text.trim() !== '')
      found.serviceMessage = `non-JSON error body: ${JSON.stringify(text.slice(0, 120))}`
  }
  return found
}

/** The most of an error body that is read. */
const ERROR_BODY_LIMIT = 64 * 1024

/** Reads (and consumes) an error body and parses it with `parse`. HEAD has none. */
async function readErrorBody(
  res: JssResponse,
  method: string,
  parse: (text: string) => ErrorBody,
): Promise<ErrorBody> {
  if (method === 'HEAD') {
    await res.body.dump().catch(() => undefined)
    return {}
  }
  const text = await readText(res.body, ERROR_BODY_LIMIT)
  return text.trim() === '' ? {} : parse(text)
}

/** The server's `Date` header as a Date, when it is there and valid. */
function serverDateOf(headers: Record<string, string>): Date | undefined {
  const serverTime = headers.date === undefined ? Number.NaN : Date.parse(headers.date)
  return Number.isNaN(serverTime) ? undefined : new Date(serverTime)
}

/**
 * The error's code: the body's, else one from the status; a bodiless 403 whose `Date` is about 15
 * minutes or more from `signedAt` is `RequestTimeTooSkewed`.
 */
function errorCode(
  code: string | undefined,
  res: JssResponse,
  method: string,
  serverDate: Date | undefined,
  signedAt: Date | undefined,
): string {
  if (code !== undefined) return code
  const skewed =
    res.statusCode === 403 &&
    serverDate !== undefined &&
    signedAt !== undefined &&
    Math.abs(serverDate.getTime() - signedAt.getTime()) > SKEW_LIMIT_MS
  return skewed ? 'RequestTimeTooSkewed' : fallbackCode(res.statusCode, method)
}

/**
 * Reads the error body of a 4xx/5xx answer (and consumes it) into a {@link JssServiceError}; `parse`
 * reads the dialect's body (JSON by default, `parseS3ErrorBody` for S3's `<Error>` XML). A bodiless
 * or unreadable answer gets a code from its status (a bodiless 403 whose `Date` is about 15 minutes
 * or more from `signedAt` is `RequestTimeTooSkewed`). `service` names who answered in the message
 * (`JSS`, or `S3` in that dialect).
 */
export async function readServiceError(
  res: JssResponse,
  method: string,
  signedAt?: Date,
  parse: (text: string) => ErrorBody = parseJsonErrorBody,
  service = 'JSS',
): Promise<JssServiceError> {
  const body = await readErrorBody(res, method, parse)
  return serviceErrorOf(res, body, method, signedAt, service)
}

/** The {@link JssServiceError} of an answer and what its error body says. */
export function serviceErrorOf(
  res: JssResponse,
  body: ErrorBody,
  method: string,
  signedAt?: Date,
  service = 'JSS',
): JssServiceError {
  const serverDate = serverDateOf(res.headers)
  const code = errorCode(body.code, res, method, serverDate, signedAt)
  return new JssServiceError({
    code,
    statusCode: res.statusCode,
    requestId: res.requestId ?? body.requestId,
    resource: body.resource ?? res.resource,
    serviceMessage: body.serviceMessage,
    retryable: isRetryableStatus(res.statusCode, code),
    serverDate,
    service,
  })
}
