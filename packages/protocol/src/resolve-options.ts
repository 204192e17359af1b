import { type Credentials, checkScopePart } from '@jss/signer'
import type { Dispatcher } from 'undici'
import { type Addressing, defaultAddressing } from './addressing.js'
import type {
  ClientCredentials,
  ClientOptions,
  RequestEvent,
  RetryOptions,
  TimeoutOptions,
} from './client-options.js'
import { type Dialect, JSS_DIALECT, s3Dialect } from './dialect.js'
import { JssInvalidArgumentError } from './errors.js'
import { loadUndici } from './load-undici.js'
import { USER_AGENT } from './user-agent.js'

/** Options with every default applied. */
export interface ResolvedOptions {
  endpoint: URL
  credentials: ClientCredentials
  addressing: Addressing
  /** The wire protocol's rules (signing, headers, bodies, errors, ETags). */
  dialect: Dialect
  dispatcher: Dispatcher
  ownsDispatcher: boolean
  timeouts: Required<TimeoutOptions>
  retry: Required<RetryOptions>
  userAgent: string
  correctClockSkew: boolean
  maxClockCorrection: number
  onRequest: ((event: RequestEvent) => void) | undefined
}

/** The documented defaults, frozen (nested objects too). */
export const DEFAULTS: Readonly<{
  region: string
  connections: number
  maxClockCorrection: number
  timeouts: Readonly<Required<TimeoutOptions>>
  retry: Readonly<Required<RetryOptions>>
}> = Object.freeze({
  region: 'us-east-1',
  connections: 8,
  maxClockCorrection: 86_400_000,
  timeouts: Object.freeze({ connect: 10_000, request: 60_000, body: 60_000, minSpeed: 1024 }),
  retry: Object.freeze({
    attempts: 6,
    baseDelay: 500,
    maxDelay: 20_000,
    deadline: 900_000,
    connectDeadline: 15_000,
  }),
})

function positive(value: unknown, name: string, { integer = false, infinite = false } = {}): void {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new JssInvalidArgumentError(`${name} must be a non-negative number, got ${String(value)}`)
  }
  if (!infinite && !Number.isFinite(value))
    throw new JssInvalidArgumentError(`${name} must be finite`)
  if (integer && !Number.isInteger(value))
    throw new JssInvalidArgumentError(`${name} must be an integer`)
}

function parseEndpoint(endpoint: unknown): URL {
  let url: URL
  try {
    url = new URL(String(endpoint))
  } catch {
    throw new JssInvalidArgumentError(
      `endpoint must be an http(s) URL, got ${JSON.stringify(String(endpoint))}`,
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new JssInvalidArgumentError(`endpoint must use http: or https:, got ${url.protocol}`)
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
    throw new JssInvalidArgumentError(
      `endpoint must be scheme://host[:port] without path, query or user info, got ${url.origin}${url.pathname}`,
    )
  }
  return url
}

/** Throws unless the credentials have a non-empty access key and secret key. */
function requireCredentials(credentials: unknown): asserts credentials is ClientCredentials {
  const given = credentials as Partial<Credentials> | undefined
  if (
    typeof given?.accessKey !== 'string' ||
    typeof given.secretKey !== 'string' ||
    given.accessKey === '' ||
    given.secretKey === ''
  ) {
    throw new JssInvalidArgumentError('credentials must have a non-empty accessKey and secretKey')
  }
  const token = (given as { sessionToken?: unknown }).sessionToken
  if (token !== undefined && (typeof token !== 'string' || token === '')) {
    throw new JssInvalidArgumentError('credentials.sessionToken must be a non-empty string')
  }
}

/** The dialect named (checked), for the region given (checked) or `us-east-1`. */
function resolveDialect(options: ClientOptions): Dialect {
  const { dialect = 'jss', region = DEFAULTS.region } = options
  if (dialect !== 'jss' && dialect !== 's3') {
    throw new JssInvalidArgumentError(`dialect must be 'jss' or 's3', got ${String(dialect)}`)
  }
  try {
    checkScopePart(region, 'region')
  } catch {
    throw new JssInvalidArgumentError(
      `region must be a non-empty string of letters, digits, "-", "_" or ".", got ${JSON.stringify(region) ?? String(region)}`,
    )
  }
  return dialect === 's3' ? s3Dialect(region) : JSS_DIALECT
}

/** The addressing given (checked), or the endpoint's default in the dialect. */
function resolveAddressing(addressing: unknown, endpoint: URL, dialect: Dialect): Addressing {
  const resolved = addressing ?? defaultAddressing(endpoint, dialect.name)
  if (resolved !== 'virtual-host' && resolved !== 'path') {
    throw new JssInvalidArgumentError(
      `addressing must be 'virtual-host' or 'path', got ${String(resolved)}`,
    )
  }
  return resolved
}

/** The timeouts with their defaults, each checked. */
function resolveTimeouts(timeouts: TimeoutOptions | undefined): Required<TimeoutOptions> {
  const resolved = { ...DEFAULTS.timeouts, ...timeouts }
  for (const [name, value] of Object.entries(resolved)) positive(value, `timeouts.${name}`)
  return resolved
}

/** The retry policy with its defaults, each setting checked. */
function resolveRetry(retry: RetryOptions | undefined): Required<RetryOptions> {
  const resolved = { ...DEFAULTS.retry, ...retry }
  positive(resolved.attempts, 'retry.attempts', { integer: true })
  if (resolved.attempts < 1) throw new JssInvalidArgumentError('retry.attempts must be at least 1')
  positive(resolved.baseDelay, 'retry.baseDelay')
  positive(resolved.maxDelay, 'retry.maxDelay')
  positive(resolved.deadline, 'retry.deadline', { infinite: true })
  positive(resolved.connectDeadline, 'retry.connectDeadline', { infinite: true })
  return resolved
}

/** The connection count (at least 1), or its default. */
function resolveConnections(connections: number | undefined): number {
  const resolved = connections ?? DEFAULTS.connections
  positive(resolved, 'connections', { integer: true })
  if (resolved < 1) throw new JssInvalidArgumentError('connections must be at least 1')
  return resolved
}

/** Throws unless `userAgent` is a string and `onRequest` a function, when given. */
function checkHooks(options: ClientOptions): void {
  if (options.userAgent !== undefined && typeof options.userAgent !== 'string') {
    throw new JssInvalidArgumentError('userAgent must be a string')
  }
  if (options.onRequest !== undefined && typeof options.onRequest !== 'function') {
    throw new JssInvalidArgumentError('onRequest must be a function')
  }
}

/** Validates the options of `createClient` (before any I/O) and applies the defaults. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new JssInvalidArgumentError('createClient needs an options object')
  }
  const endpoint = parseEndpoint(options.endpoint)
  const { credentials } = options
  requireCredentials(credentials)
  const dialect = resolveDialect(options)
  if (credentials.sessionToken !== undefined && dialect.name !== 's3') {
    throw new JssInvalidArgumentError(
      "credentials.sessionToken is for dialect 's3' only: JSS has no temporary credentials",
    )
  }
  const addressing = resolveAddressing(options.addressing, endpoint, dialect)
  const timeouts = resolveTimeouts(options.timeouts)
  const retry = resolveRetry(options.retry)
  const maxClockCorrection = options.maxClockCorrection ?? DEFAULTS.maxClockCorrection
  positive(maxClockCorrection, 'maxClockCorrection')
  const connections = resolveConnections(options.connections)
  checkHooks(options)
  const dispatcher =
    options.dispatcher ??
    new (loadUndici().EnvHttpProxyAgent)({
      connections,
      connect: { timeout: timeouts.connect },
      headersTimeout: timeouts.request,
      bodyTimeout: timeouts.body,
    })
  return {
    endpoint,
    credentials,
    addressing,
    dialect,
    dispatcher,
    ownsDispatcher: options.dispatcher === undefined,
    timeouts,
    retry,
    userAgent: options.userAgent ? `${options.userAgent} ${USER_AGENT}` : USER_AGENT,
    correctClockSkew: options.correctClockSkew ?? true,
    maxClockCorrection,
    onRequest: options.onRequest,
  }
}
