/** Every stable code jss-local throws. */
export type JssLocalErrorCode =
  | 'JSS_ERR_INVALID_OPTION'
  | 'JSS_ERR_SERVICE'
  | 'JSS_ERR_RESET'
  | 'JSS_ERR_TRUNCATED_BLOB'

/** Base class of every error jss-local throws; `code` is stable, `message` is not. */
export class JssLocalError extends Error {
  override readonly name: string = 'JssLocalError'
  readonly code: JssLocalErrorCode
  constructor(code: JssLocalErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
}

/** Thrown for invalid options, CLI arguments or fault specs. */
export class JssLocalOptionError extends JssLocalError {
  override readonly name: string = 'JssLocalOptionError'
  constructor(message: string) {
    super('JSS_ERR_INVALID_OPTION', message)
  }
}

/**
 * An error answered to the client as a service error: status + JSON body in the JSS dialect, XML
 * `<Error>` in the S3 dialect.
 */
export class JssLocalServiceError extends JssLocalError {
  override readonly name: string = 'JssLocalServiceError'
  /** The JSS error code sent on the wire, e.g. `NoSuchKey`. */
  readonly jssCode: string
  readonly status: number
  /** Extra response headers, e.g. `Retry-After`. */
  readonly headers: Readonly<Record<string, string>>
  /** Extra elements of the S3 dialect's XML error, e.g. `StringToSign`. */
  readonly details: Readonly<Record<string, string>>
  constructor(
    status: number,
    jssCode: string,
    message: string,
    headers: Readonly<Record<string, string>> = {},
    details: Readonly<Record<string, string>> = {},
  ) {
    super('JSS_ERR_SERVICE', message)
    this.status = status
    this.jssCode = jssCode
    this.headers = headers
    this.details = details
  }
}

/** Shorthand for a service error. */
export function serviceError(
  status: number,
  jssCode: string,
  message: string,
): JssLocalServiceError {
  return new JssLocalServiceError(status, jssCode, message)
}

/** Thrown inside a handler when the connection was reset on purpose (fault injection). */
export class JssLocalResetError extends JssLocalError {
  override readonly name: string = 'JssLocalResetError'
  constructor() {
    super('JSS_ERR_RESET', 'connection reset by fault injection')
  }
}

/** Thrown while answering a GET when a stored blob yields fewer bytes than its record says. */
export class JssLocalTruncatedBlobError extends JssLocalError {
  override readonly name: string = 'JssLocalTruncatedBlobError'
  constructor(blob: string, expected: number, got: number) {
    super('JSS_ERR_TRUNCATED_BLOB', `blob ${blob} yielded ${got} of the ${expected} bytes expected`)
  }
}
