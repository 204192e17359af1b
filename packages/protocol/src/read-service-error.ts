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

/**
 * Reads the JSON error body of a 4xx/5xx answer (and consumes it) into a {@link JssServiceError}.
 * A bodiless or non-JSON answer gets a code from its status (a bodiless 403 whose `Date` is about
 * 15 minutes or more from `signedAt` is `RequestTimeTooSkewed`).
 */
export async function readServiceError(
  res: JssResponse,
  method: string,
  signedAt?: Date,
): Promise<JssServiceError> {
  let code: string | undefined
  let serviceMessage: string | undefined
  let resource: string | undefined
  let requestId = res.requestId
  const text = method === 'HEAD' ? '' : await readText(res.body, 64 * 1024)
  if (method === 'HEAD') await res.body.dump().catch(() => undefined)
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>
    if (typeof parsed.code === 'string') code = parsed.code
    if (typeof parsed.message === 'string') serviceMessage = parsed.message
    if (typeof parsed.resource === 'string') resource = parsed.resource
    if (requestId === undefined && typeof parsed.requestId === 'string')
      requestId = parsed.requestId
  } catch {
    if (text.trim() !== '')
      serviceMessage = `non-JSON error body: ${JSON.stringify(text.slice(0, 120))}`
  }
  const dateHeader = res.headers.date
  const serverTime = dateHeader === undefined ? Number.NaN : Date.parse(dateHeader)
  const serverDate = Number.isNaN(serverTime) ? undefined : new Date(serverTime)
  let finalCode = code ?? fallbackCode(res.statusCode, method)
  if (
    code === undefined &&
    res.statusCode === 403 &&
    serverDate !== undefined &&
    signedAt !== undefined &&
    Math.abs(serverDate.getTime() - signedAt.getTime()) > SKEW_LIMIT_MS
  ) {
    finalCode = 'RequestTimeTooSkewed'
  }
  return new JssServiceError({
    code: finalCode,
    statusCode: res.statusCode,
    requestId,
    resource: resource ?? res.resource,
    serviceMessage,
    retryable: isRetryableStatus(res.statusCode, finalCode),
    serverDate,
  })
}
