/** Thrown for invalid options, CLI arguments or fault specs. */
export class JssLocalOptionError extends Error {
  readonly code = 'JSS_LOCAL_ERR_INVALID_OPTION'
  constructor(message: string) {
    super(message)
    this.name = 'JssLocalOptionError'
  }
}

/** An error answered to the client as a JSS error response (status + JSON body). */
export class JssLocalServiceError extends Error {
  readonly code = 'JSS_LOCAL_ERR_SERVICE'
  /** The JSS error code sent on the wire, e.g. `NoSuchKey`. */
  readonly jssCode: string
  readonly status: number
  /** Extra response headers, e.g. `Retry-After`. */
  readonly headers: Readonly<Record<string, string>>
  constructor(
    status: number,
    jssCode: string,
    message: string,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(message)
    this.name = 'JssLocalServiceError'
    this.status = status
    this.jssCode = jssCode
    this.headers = headers
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
export class JssLocalResetError extends Error {
  readonly code = 'JSS_LOCAL_ERR_RESET'
  constructor() {
    super('connection reset by fault injection')
    this.name = 'JssLocalResetError'
  }
}

/** Thrown while answering a GET when a stored blob yields fewer bytes than its record says. */
export class JssLocalTruncatedBlobError extends Error {
  readonly code = 'JSS_LOCAL_ERR_TRUNCATED_BLOB'
  constructor(blob: string, expected: number, got: number) {
    super(`blob ${blob} yielded ${got} of the ${expected} bytes expected`)
    this.name = 'JssLocalTruncatedBlobError'
  }
}
