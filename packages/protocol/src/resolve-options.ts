import type { Credentials } from '@jss/signer'
import { type Dispatcher, EnvHttpProxyAgent } from 'undici'
import { type Addressing, defaultAddressing } from './addressing.js'
import type { ClientOptions, RequestEvent, RetryOptions, TimeoutOptions } from './client-options.js'
import { JssInvalidArgumentError } from './errors.js'
import { USER_AGENT } from './user-agent.js'

/** Options with every default applied. */
export interface ResolvedOptions {
  endpoint: URL
  credentials: Credentials
  addressing: Addressing
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
  connections: number
  maxClockCorrection: number
  timeouts: Readonly<Required<TimeoutOptions>>
  retry: Readonly<Required<RetryOptions>>
}> = Object.freeze({
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

/** Validates the options of `createClient` (before any I/O) and applies the defaults. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new JssInvalidArgumentError('createClient needs an options object')
  }
  const endpoint = parseEndpoint(options.endpoint)
  const { credentials } = options
  if (
    typeof credentials?.accessKey !== 'string' ||
    typeof credentials.secretKey !== 'string' ||
    credentials.accessKey === '' ||
    credentials.secretKey === ''
  ) {
    throw new JssInvalidArgumentError('credentials must have a non-empty accessKey and secretKey')
  }
  const addressing = options.addressing ?? defaultAddressing(endpoint)
  if (addressing !== 'virtual-host' && addressing !== 'path') {
    throw new JssInvalidArgumentError(
      `addressing must be 'virtual-host' or 'path', got ${String(addressing)}`,
    )
  }
  const timeouts = { ...DEFAULTS.timeouts, ...options.timeouts }
  for (const [name, value] of Object.entries(timeouts)) positive(value, `timeouts.${name}`)
  const retry = { ...DEFAULTS.retry, ...options.retry }
  positive(retry.attempts, 'retry.attempts', { integer: true })
  if (retry.attempts < 1) throw new JssInvalidArgumentError('retry.attempts must be at least 1')
  positive(retry.baseDelay, 'retry.baseDelay')
  positive(retry.maxDelay, 'retry.maxDelay')
  positive(retry.deadline, 'retry.deadline', { infinite: true })
  positive(retry.connectDeadline, 'retry.connectDeadline', { infinite: true })
  const maxClockCorrection = options.maxClockCorrection ?? DEFAULTS.maxClockCorrection
  positive(maxClockCorrection, 'maxClockCorrection')
  const connections = options.connections ?? DEFAULTS.connections
  positive(connections, 'connections', { integer: true })
  if (connections < 1) throw new JssInvalidArgumentError('connections must be at least 1')
  if (options.userAgent !== undefined && typeof options.userAgent !== 'string') {
    throw new JssInvalidArgumentError('userAgent must be a string')
  }
  if (options.onRequest !== undefined && typeof options.onRequest !== 'function') {
    throw new JssInvalidArgumentError('onRequest must be a function')
  }
  const dispatcher =
    options.dispatcher ??
    new EnvHttpProxyAgent({
      connections,
      connect: { timeout: timeouts.connect },
      headersTimeout: timeouts.request,
      bodyTimeout: timeouts.body,
    })
  return {
    endpoint,
    credentials,
    addressing,
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
