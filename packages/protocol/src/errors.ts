/**
 * Every error this package throws. Each carries a stable string `code`: the service's own code for
 * {@link JssServiceError} (`NoSuchUpload`, `SlowDown`, …), and a `JSS_ERR_…` code for the others.
 * Aborts are not wrapped: an aborted call rejects with `signal.reason` itself.
 */

/** The transport codes: the network failed, or the call's deadline or speed floor was not met. */
export type JssTransportErrorCode =
  | 'JSS_ERR_CONNECT'
  | 'JSS_ERR_DNS'
  | 'JSS_ERR_CONNECT_TIMEOUT'
  | 'JSS_ERR_SOCKET'
  | 'JSS_ERR_TIMEOUT'
  | 'JSS_ERR_TLS'
  | 'JSS_ERR_DEADLINE'
  | 'JSS_ERR_STALLED'
  | 'JSS_ERR_CLIENT_CLOSED'
  | 'JSS_ERR_TRANSPORT'

/** Every stable code this package throws itself (the service's own codes are {@link JssServiceErrorCode}). */
export type JssProtocolErrorCode =
  | 'JSS_ERR_INVALID_ARG'
  | 'JSS_ERR_INVALID_RESPONSE'
  | 'JSS_ERR_INTEGRITY'
  | 'JSS_ERR_BODY'
  | 'JSS_ERR_BODY_LENGTH'
  | JssTransportErrorCode

/**
 * The service's codes (`code` of a {@link JssServiceError}): the known ones, and any other string
 * the service sends (or `Http<status>` for a bodiless answer).
 */
export type JssServiceErrorCode =
  | 'AccessDenied'
  | 'BadDigest'
  | 'BucketAlreadyExists'
  | 'BucketAlreadyOwnedByYou'
  | 'BucketNotEmpty'
  | 'EntityTooLarge'
  | 'EntityTooSmall'
  | 'IncompleteBody'
  | 'InternalError'
  | 'InvalidAccessKeyId'
  | 'InvalidArgument'
  | 'InvalidBucketName'
  | 'InvalidPart'
  | 'InvalidPartOrder'
  | 'InvalidRange'
  | 'InvalidRequest'
  | 'KeyTooLong'
  | 'MalformedJson'
  | 'MissingContentLength'
  | 'NoSuchBucket'
  | 'NoSuchKey'
  | 'NoSuchUpload'
  | 'RequestTimeout'
  | 'RequestTimeTooSkewed'
  | 'ServiceUnavailable'
  | 'SignatureDoesNotMatch'
  | 'SlowDown'
  | 'TooManyParts'
  | (string & {})

/** The `code` of any error of this package. */
export type JssErrorCode = JssProtocolErrorCode | JssServiceErrorCode

/** Fields shared by every error that concerns one request. */
export interface JssRequestFacts {
  /** The signed resource, e.g. `/bucket/key?uploadId=…`. */
  resource?: string | undefined
  /** The value of `x-jss-request-id`, when a response arrived. */
  requestId?: string | undefined
  /** HTTP status, when a response arrived. */
  statusCode?: number | undefined
}

/**
 * Brands for `instanceof`, as undici does: the classes check a `Symbol.for` brand rather than the
 * prototype chain, so that an error made by one copy of this package (a bundle, a second install,
 * a workspace package loaded under two paths) is an instance of the classes of every other copy.
 * Each class declares its own static `brand`.
 */
const kBrands: unique symbol = Symbol.for('@jss/protocol.brands')

/** The brands of `target` and of every class it extends, up to `JssError`. */
function brandsOf(target: unknown): readonly string[] {
  const brands: string[] = []
  for (let c = target; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c)) {
    if (Object.hasOwn(c, 'brand')) brands.push(String((c as unknown as { brand: unknown }).brand))
  }
  return brands
}

/** Whether `value` was made by the class of `brand` or by a class that extends it. */
function hasBrand(value: unknown, brand: string): boolean {
  if (typeof value !== 'object' || value === null) return false
  const brands = (value as { [kBrands]?: unknown })[kBrands]
  return Array.isArray(brands) && brands.includes(brand)
}

/** Base class of every error of this package; `code` is stable, `message` is not. */
export class JssError extends Error {
  override readonly name: string = 'JssError'
  /** The brand `instanceof` checks, the same in every copy of this package (see {@link hasBrand}). */
  static readonly brand: string = '@jss/protocol.JssError'
  static override [Symbol.hasInstance](value: unknown): boolean {
    // `this` is the class `instanceof` asks about: JssError or the subclass (its own brand).
    // biome-ignore lint/complexity/noThisInStatic: each subclass is checked against its own brand
    return hasBrand(value, this.brand)
  }
  readonly code: JssErrorCode
  constructor(code: JssErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
    Object.defineProperty(this, kBrands, { value: brandsOf(new.target) })
  }
}

/** Options passed to an operation or to `createClient` are invalid; thrown before any I/O. */
export class JssInvalidArgumentError extends JssError {
  override readonly name: string = 'JssInvalidArgumentError'
  static override readonly brand: string = '@jss/protocol.JssInvalidArgumentError'
  declare readonly code: 'JSS_ERR_INVALID_ARG'
  constructor(message: string) {
    super('JSS_ERR_INVALID_ARG', message)
  }
}

/**
 * Base class of the errors of one request (service, transport, response, integrity, body): where
 * it went, what came back, whether another attempt may help, and how many were made.
 */
export class JssRequestError extends JssError {
  override readonly name: string = 'JssRequestError'
  static override readonly brand: string = '@jss/protocol.JssRequestError'
  /** The signed resource, e.g. `/bucket/key?uploadId=…`. */
  resource: string | undefined
  /** The value of `x-jss-request-id`, when a response arrived. */
  requestId: string | undefined
  /** HTTP status, when a response arrived. */
  statusCode: number | undefined
  /** Whether this package considers the failure transient (and retries it). */
  retryable: boolean
  /** Attempts made before giving up (1 when the first attempt failed for good). */
  attempts = 1
  constructor(
    code: JssErrorCode,
    message: string,
    init: JssRequestFacts & { retryable: boolean },
    options?: ErrorOptions,
  ) {
    super(code, message, options)
    this.resource = init.resource
    this.requestId = init.requestId
    this.statusCode = init.statusCode
    this.retryable = init.retryable
  }
}

/** `{ cause }` when there is one (so that an absent cause stays absent). */
function causeOf(cause: unknown): ErrorOptions | undefined {
  return cause === undefined ? undefined : { cause }
}

const HINTS: Partial<Record<JssServiceErrorCode, string>> = {
  SignatureDoesNotMatch:
    'Check the secret key (and that nothing between you and JSS rewrites headers).',
  InvalidAccessKeyId: 'Check the access key.',
  RequestTimeTooSkewed:
    "Check the system clock: it differs from the server's by more than 15 minutes.",
  AccessDenied: 'Check the credentials and the permissions on the bucket.',
  NoSuchBucket: 'Check the bucket name, or create the bucket first.',
  BucketNotEmpty: 'Delete its objects and abort its open uploads first.',
  NoSuchUpload: 'The upload was aborted, completed, or never existed: start a new upload.',
  BadDigest: 'The data was corrupted on the way: retry the upload.',
  EntityTooSmall: 'Every part but the last must reach the minimum part size (5 MiB on JSS).',
  EntityTooLarge: 'A part or object may be at most 5 GiB: use a smaller part size.',
  TooManyParts: 'An upload may have at most 10,000 parts: use a larger part size.',
  SlowDown: 'The service is throttling requests: lower the concurrency.',
}

/** The service answered with an error (any 4xx/5xx with or without a JSON error body). */
export class JssServiceError extends JssRequestError {
  override readonly name: string = 'JssServiceError'
  static override readonly brand: string = '@jss/protocol.JssServiceError'
  declare readonly code: JssServiceErrorCode
  declare statusCode: number
  /** The service's own message. */
  serviceMessage: string | undefined
  /** The server's `Date` header, when it sent one. */
  serverDate: Date | undefined
  constructor(
    init: JssRequestFacts & {
      code: JssServiceErrorCode
      statusCode: number
      serviceMessage?: string | undefined
      retryable: boolean
      serverDate?: Date | undefined
      /** Who answered, for the message: `JSS` (the default) or `S3`. */
      service?: string | undefined
    },
  ) {
    const where = init.resource ? ` on ${init.resource}` : ''
    const id = init.requestId ? ` (request id ${init.requestId})` : ''
    const text = init.serviceMessage ? `: ${init.serviceMessage.replace(/([^.!?])$/, '$1.')}` : ''
    const hint = HINTS[init.code] ? ` ${HINTS[init.code]}` : ''
    const service = init.service ?? 'JSS'
    super(init.code, `${service} ${init.statusCode} ${init.code}${where}${id}${text}${hint}`, init)
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
export function isServiceError(
  error: unknown,
  code?: JssServiceErrorCode,
): error is JssServiceError {
  return error instanceof JssServiceError && (code === undefined || error.code === code)
}

/**
 * The network failed: `JSS_ERR_CONNECT` (refused), `JSS_ERR_DNS`, `JSS_ERR_CONNECT_TIMEOUT`,
 * `JSS_ERR_SOCKET` (reset, closed mid-request), `JSS_ERR_TIMEOUT` (no response or body in time),
 * `JSS_ERR_STALLED` (the body arrived slower than `timeouts.minSpeed`), `JSS_ERR_TLS`,
 * `JSS_ERR_DEADLINE` (the total deadline of the call passed), `JSS_ERR_CLIENT_CLOSED`,
 * `JSS_ERR_TRANSPORT` (anything else). The undici or system error is the `cause`.
 */
export class JssTransportError extends JssRequestError {
  override readonly name: string = 'JssTransportError'
  static override readonly brand: string = '@jss/protocol.JssTransportError'
  declare readonly code: JssTransportErrorCode
  /** True when the request may have reached the server (a reset or timeout after sending). */
  ambiguous: boolean
  constructor(
    message: string,
    code: JssTransportErrorCode,
    init: {
      resource?: string | undefined
      retryable: boolean
      ambiguous: boolean
      cause?: unknown
    },
  ) {
    super(code, message, init, causeOf(init.cause))
    this.ambiguous = init.ambiguous
  }
}

/** A response arrived but is not what the contract says (HTML, broken JSON, missing fields). Not retried. */
export class JssResponseError extends JssRequestError {
  override readonly name: string = 'JssResponseError'
  static override readonly brand: string = '@jss/protocol.JssResponseError'
  declare readonly code: 'JSS_ERR_INVALID_RESPONSE'
  declare statusCode: number
  constructor(message: string, init: JssRequestFacts & { statusCode: number; cause?: unknown }) {
    const id = init.requestId ? ` (request id ${init.requestId})` : ''
    super(
      'JSS_ERR_INVALID_RESPONSE',
      `${message}${id}`,
      { ...init, retryable: false },
      causeOf(init.cause),
    )
  }
}

/**
 * The data stored differs from the data sent: a part's or object's ETag is not the MD5 given as
 * `contentMd5`, or a completed object's ETag or size is not the expected one. `retryable` is true
 * when sending again may fix it (a part or object ETag that is not its MD5).
 */
export class JssIntegrityError extends JssRequestError {
  override readonly name: string = 'JssIntegrityError'
  static override readonly brand: string = '@jss/protocol.JssIntegrityError'
  declare readonly code: 'JSS_ERR_INTEGRITY'
  expected: string
  actual: string
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
    super('JSS_ERR_INTEGRITY', message, init)
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
export class JssBodyError extends JssRequestError {
  override readonly name: string = 'JssBodyError'
  static override readonly brand: string = '@jss/protocol.JssBodyError'
  declare readonly code: 'JSS_ERR_BODY' | 'JSS_ERR_BODY_LENGTH'
  /** The declared size (`JSS_ERR_BODY_LENGTH`). */
  expected: number | undefined
  /** The bytes the body yielded, or the count at which it passed its size (`JSS_ERR_BODY_LENGTH`). */
  actual: number | undefined
  override readonly retryable: false = false
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
    super(code, message, { resource: init.resource, retryable: false }, causeOf(init.cause))
    this.expected = init.expected
    this.actual = init.actual
  }
}
