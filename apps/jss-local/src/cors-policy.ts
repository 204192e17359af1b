import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Dialect } from './dialect.js'
import { JssLocalOptionError } from './errors.js'
import { bodyPending, closeAfterAnswer } from './respond.js'

/** The methods a preflight allows: every method an operation is routed on. */
export const CORS_ALLOW_METHODS = 'GET, PUT, POST, DELETE, HEAD'

/** The answer headers a page may read. */
export const CORS_EXPOSE_HEADERS = 'ETag, x-jss-request-id, Content-Length, Content-Range, Date'

/** The answer headers a page may read, for a request in the S3 dialect. */
export const CORS_EXPOSE_HEADERS_S3 = 'ETag, x-amz-request-id, Content-Length, Content-Range, Date'

/** How long a browser may cache a preflight answer, in seconds. */
export const CORS_MAX_AGE_SECONDS = 600

/** `scheme://host[:port]`: a hostname, IPv4 address or bracketed IPv6 address; nothing after. */
const ORIGIN_PATTERN =
  /^[a-z][a-z0-9+.-]*:\/\/(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i

/** An HTTP field-name token (RFC 9110). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/** Which origins may use the server from a browser page. */
export interface CorsPolicy {
  /** Any origin (`*` was configured): answers say `*`. */
  readonly anyOrigin: boolean
  /** The allowed origins, serialized as browsers send them (lowercase, no default port). */
  readonly origins: ReadonlySet<string>
}

/**
 * The serialization browsers send in `Origin` (lowercase, default ports of http and https dropped),
 * or `undefined` when `text` is not `scheme://host[:port]` with a port up to 65535.
 */
function serializeOrigin(text: string): string | undefined {
  if (!ORIGIN_PATTERN.test(text)) return undefined
  const port = /:(\d+)$/.exec(text)?.[1]
  if (port !== undefined && Number(port) > 65535) return undefined
  const lower = text.toLowerCase()
  if (!/^https?:/.test(lower)) return lower
  try {
    return new URL(lower).origin
  } catch {
    // E.g. `http://[:::]` or `http://999.1.1.1`: the shape matches, the host is not one.
    return undefined
  }
}

/**
 * Validates the configured origins (`scheme://host[:port]` or `*`), throwing `JssLocalOptionError`;
 * `undefined` when there are none (CORS off).
 * @example createCorsPolicy(['http://localhost:5173']) // { anyOrigin: false, origins: Set {…} }
 */
export function createCorsPolicy(origins: readonly string[] | undefined): CorsPolicy | undefined {
  if (origins === undefined || origins.length === 0) return undefined
  const allowed = new Set<string>()
  let anyOrigin = false
  for (const origin of origins) {
    if (origin === '*') {
      anyOrigin = true
      continue
    }
    const serialized = serializeOrigin(origin)
    if (serialized === undefined) {
      throw new JssLocalOptionError(
        `cors origin must be scheme://host[:port] or *, got ${JSON.stringify(origin)}`,
      )
    }
    allowed.add(serialized)
  }
  return { anyOrigin, origins: allowed }
}

/** The `Access-Control-Allow-Origin` value for a request's `Origin`, or `undefined` if not allowed. */
function allowedOrigin(policy: CorsPolicy | undefined, req: IncomingMessage): string | undefined {
  const origin = req.headers.origin
  if (policy === undefined || origin === undefined) return undefined
  if (policy.anyOrigin) return '*'
  return policy.origins.has(origin) ? origin : undefined
}

function setAllowOrigin(res: ServerResponse, value: string): void {
  res.setHeader('access-control-allow-origin', value)
  if (value !== '*') res.setHeader('vary', 'Origin')
}

/**
 * Adds the CORS headers of an actual (not preflight) request from an allowed origin to the answer
 * being prepared (whatever its status): `Access-Control-Allow-Origin`, `Vary: Origin`,
 * `Access-Control-Expose-Headers`. Nothing else changes: the request is authenticated as ever.
 */
export function addCorsHeaders(
  policy: CorsPolicy | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  dialect: Dialect = 'jss',
): void {
  const allowed = allowedOrigin(policy, req)
  if (allowed === undefined) return
  setAllowOrigin(res, allowed)
  res.setHeader(
    'access-control-expose-headers',
    dialect === 's3' ? CORS_EXPOSE_HEADERS_S3 : CORS_EXPOSE_HEADERS,
  )
}

/** Whether the request is a CORS preflight: OPTIONS with Origin and Access-Control-Request-Method. */
export function isPreflight(req: IncomingMessage): boolean {
  return (
    req.method === 'OPTIONS' &&
    req.headers.origin !== undefined &&
    req.headers['access-control-request-method'] !== undefined
  )
}

/**
 * Answers a preflight from an allowed origin with 204 and returns `true`, before authentication
 * (preflights carry no credentials); touches no storage and reads no body (a request that has one
 * gets `Connection: close`). Returns `false`, answering nothing, for any other request.
 */
export function answerPreflight(
  policy: CorsPolicy | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (!isPreflight(req)) return false
  const allowed = allowedOrigin(policy, req)
  if (allowed === undefined) return false
  setAllowOrigin(res, allowed)
  // Set for every answer before the preflight was recognised; a preflight exposes nothing.
  res.removeHeader('access-control-expose-headers')
  res.setHeader('access-control-allow-methods', CORS_ALLOW_METHODS)
  const requested = [req.headers['access-control-request-headers'] ?? '']
    .flat()
    .join(',')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => TOKEN.test(name))
  if (requested.length > 0) {
    res.setHeader('access-control-allow-headers', [...new Set(requested)].join(', '))
  }
  res.setHeader('access-control-max-age', String(CORS_MAX_AGE_SECONDS))
  if (bodyPending(req)) closeAfterAnswer(req, res)
  res.writeHead(204)
  res.end()
  return true
}
