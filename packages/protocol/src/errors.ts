/**
 * Every error this package throws. Each carries a stable string `code`: the service's own code for
 * {@link JssServiceError} (`NoSuchUpload`, `SlowDown`, …), and a `JSS_ERR_…` code for the others.
 * Aborts are not wrapped: an aborted call rejects with `signal.reason` itself.
 */

/** Fields shared by every error that concerns one request. */
export interface JssRequestFacts {
  /** The signed resource, e.g. `/bucket/key?uploadId=…`. */
  resource?: string | undefined
  /** The value of `x-jss-request-id`, when a response arrived. */
  requestId?: string | undefined
  /** HTTP status, when a response arrived. */
  statusCode?: number | undefined
}

/** Base class of every error of this package. */
export class JssError extends Error {
  override name = 'JssError'
  code: string
  /** Attempts made before giving up (1 when the first attempt failed for good). */
  attempts = 1
  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
}

/** Options passed to an operation or to `createClient` are invalid; thrown before any I/O. */
export class JssInvalidArgumentError extends JssError {
  override name = 'JssInvalidArgumentError'
  constructor(message: string) {
    super(message, 'JSS_ERR_INVALID_ARG')
  }
}

const HINTS: Record<string, string> = {
  SignatureDoesNotMatch:
    'Check the secret key (and that nothing between you and JSS rewrites headers).',
  InvalidAccessKeyId: 'Check the access key.',
  RequestTimeTooSkewed:
    "Check the system clock: it differs from the server's by more than 15 minutes.",
  AccessDenied: 'Check the credentials and the permissions on the bucket.',
  NoSuchBucket: 'Check the bucket name, or create the bucket first.',
  NoSuchUpload: 'The upload was aborted, completed, or never existed: start a new upload.',
  BadDigest: 'The data was corrupted on the way: retry the upload.',
  EntityTooSmall: 'Every part but the last must reach the minimum part size (5 MiB on JSS).',
  EntityTooLarge: 'A part or object may be at most 5 GiB: use a smaller part size.',
  TooManyParts: 'An upload may have at most 10,000 parts: use a larger part size.',
  SlowDown: 'The service is throttling requests: lower the concurrency.',
}

/** The service answered with an error (any 4xx/5xx with or without a JSON error body). */
export class JssServiceError extends JssError {
  override name = 'JssServiceError'
  statusCode: number
  requestId: string | undefined
  resource: string | undefined
  /** Whether this package considers the failure transient (500, 503, SlowDown, RequestTimeout). */
  retryable: boolean
  /** The service's own message. */
  serviceMessage: string | undefined
  /** The server's `Date` header, when it sent one. */
  serverDate: Date | undefined
  constructor(
    init: JssRequestFacts & {
      code: string
      statusCode: number
      serviceMessage?: string | undefined
      retryable: boolean
      serverDate?: Date | undefined
    },
  ) {
    const where = init.resource ? ` on ${init.resource}` : ''
    const id = init.requestId ? ` (request id ${init.requestId})` : ''
    const text = init.serviceMessage ? `: ${init.serviceMessage.replace(/([^.!?])$/, '$1.')}` : ''
    const hint = HINTS[init.code] ? ` ${HINTS[init.code]}` : ''
    super(`JSS ${init.statusCode} ${init.code}${where}${id}${text}${hint}`, init.code)
    this.statusCode = init.statusCode
    this.requestId = init.requestId
    this.resource = init.resource
    this.retryable = init.retryable
    this.serviceMessage = init.serviceMessage
    this.serverDate = init.serverDate
  }
}

/**
 * Whether `error` is a {@link JssServiceError}, and, given `code`, one with that service code: the
 * way to tell a service's answer (e.g. `NoSuchUpload`) from a transport failure or another error
 * that carries the same `code`.
 * @example isServiceError(error, 'NoSuchUpload')
 */
export function isServiceError(error: unknown, code?: string): error is JssServiceError {
  return error instanceof JssServiceError && (code === undefined || error.code === code)
}

/**
 * The network failed: `JSS_ERR_CONNECT` (refused), `JSS_ERR_DNS`, `JSS_ERR_CONNECT_TIMEOUT`,
 * `JSS_ERR_SOCKET` (reset, closed mid-request), `JSS_ERR_TIMEOUT` (no response or body in time),
 * `JSS_ERR_TLS`, `JSS_ERR_DEADLINE` (the total deadline of the call passed),
 * `JSS_ERR_CLIENT_CLOSED`, `JSS_ERR_TRANSPORT` (anything else). The undici or system error is the
 * `cause`.
 */
export class JssTransportError extends JssError {
  override name = 'JssTransportError'
  resource: string | undefined
  retryable: boolean
  /** True when the request may have reached the server (a reset or timeout after sending). */
  ambiguous: boolean
  constructor(
    message: string,
    code: string,
    init: {
      resource?: string | undefined
      retryable: boolean
      ambiguous: boolean
      cause?: unknown
    },
  ) {
    super(message, code, init.cause === undefined ? undefined : { cause: init.cause })
    this.resource = init.resource
    this.retryable = init.retryable
    this.ambiguous = init.ambiguous
  }
}

/** A response arrived but is not what the contract says (HTML, broken JSON, missing fields). */
export class JssResponseError extends JssError {
  override name = 'JssResponseError'
  statusCode: number
  requestId: string | undefined
  resource: string | undefined
  constructor(message: string, init: JssRequestFacts & { statusCode: number; cause?: unknown }) {
    const id = init.requestId ? ` (request id ${init.requestId})` : ''
    super(
      `${message}${id}`,
      'JSS_ERR_INVALID_RESPONSE',
      init.cause === undefined ? undefined : { cause: init.cause },
    )
    this.statusCode = init.statusCode
    this.requestId = init.requestId
    this.resource = init.resource
  }
}

/**
 * The data stored differs from the data sent: a part's or object's ETag is not the MD5 given as
 * `contentMd5`, or a completed object's ETag or size is not the expected one.
 */
export class JssIntegrityError extends JssError {
  override name = 'JssIntegrityError'
  resource: string | undefined
  requestId: string | undefined
  expected: string
  actual: string
  /** True when sending again may fix it (a part or object ETag that is not its MD5). */
  retryable: boolean
  constructor(
    message: string,
    init: {
      resource?: string | undefined
      requestId?: string | undefined
      expected: string
      actual: string
      retryable: boolean
    },
  ) {
    super(message, 'JSS_ERR_INTEGRITY')
    this.retryable = init.retryable
    this.resource = init.resource
    this.requestId = init.requestId
    this.expected = init.expected
    this.actual = init.actual
  }
}

/**
 * A streamed body (`StreamedBody`) broke its promise: `JSS_ERR_BODY_LENGTH` when it yielded more or
 * fewer bytes than its `size`, `JSS_ERR_BODY` when opening or reading it failed (the source's error
 * is the `cause`). The attempt is cut off (the server never stores a short body) and not retried:
 * the same source would fail the same way.
 */
export class JssBodyError extends JssError {
  override name = 'JssBodyError'
  resource: string | undefined
  /** The declared size (`JSS_ERR_BODY_LENGTH`). */
  expected: number | undefined
  /** The bytes the body yielded, or the count at which it passed its size (`JSS_ERR_BODY_LENGTH`). */
  actual: number | undefined
  readonly retryable = false
  constructor(
    message: string,
    code: 'JSS_ERR_BODY' | 'JSS_ERR_BODY_LENGTH',
    init: {
      resource?: string | undefined
      expected?: number | undefined
      actual?: number | undefined
      cause?: unknown
    },
  ) {
    super(message, code, init.cause === undefined ? undefined : { cause: init.cause })
    this.resource = init.resource
    this.expected = init.expected
    this.actual = init.actual
  }
}
