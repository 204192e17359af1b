/** The options of an error: what caused it (the shape of the standard `ErrorOptions`). */
export interface ErrorCause {
  readonly cause?: unknown
}

/** Every stable error code this package throws. */
export type JssSignerErrorCode =
  | 'JSS_ERR_INVALID_ARG'
  | 'JSS_ERR_INVALID_CREDENTIALS'
  | 'JSS_ERR_INVALID_HEADER'
  | 'JSS_ERR_INVALID_URL'
  | 'JSS_ERR_INVALID_DATE'
  | 'JSS_ERR_CRYPTO_UNAVAILABLE'

/** The base class of every error this package throws; `code` is stable, `message` is not. */
export class JssSignerError extends Error {
  override readonly name: string = 'JssSignerError'
  readonly code: JssSignerErrorCode
  constructor(code: JssSignerErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
}

/** An argument has the wrong type or shape; `argument` names it (e.g. `request.method`). */
export class InvalidArgumentError extends JssSignerError {
  override readonly name: string = 'InvalidArgumentError'
  readonly argument: string
  constructor(argument: string, message: string, options?: ErrorOptions) {
    super('JSS_ERR_INVALID_ARG', `${argument} ${message}`, options)
    this.argument = argument
  }
}

/** The credentials are missing, empty or cannot appear in an Authorization header. */
export class InvalidCredentialsError extends JssSignerError {
  override readonly name: string = 'InvalidCredentialsError'
  constructor(message: string) {
    super('JSS_ERR_INVALID_CREDENTIALS', message)
  }
}

/** A header name is not an HTTP token or a header value holds characters HTTP cannot carry. */
export class InvalidHeaderError extends JssSignerError {
  override readonly name: string = 'InvalidHeaderError'
  readonly header: string
  constructor(header: string, message: string) {
    super('JSS_ERR_INVALID_HEADER', `header ${JSON.stringify(header)} ${message}`)
    this.header = header
  }
}

/** The request URL cannot be parsed, or its path is not valid percent-encoded UTF-8. */
export class InvalidUrlError extends JssSignerError {
  override readonly name: string = 'InvalidUrlError'
  constructor(message: string, options?: ErrorOptions) {
    super('JSS_ERR_INVALID_URL', message, options)
  }
}

/** A date, a Date header or an expiry is missing, invalid or out of range. */
export class InvalidDateError extends JssSignerError {
  override readonly name: string = 'InvalidDateError'
  constructor(message: string) {
    super('JSS_ERR_INVALID_DATE', message)
  }
}

/** `globalThis.crypto.subtle` (Web Crypto) is not available in this runtime. */
export class CryptoUnavailableError extends JssSignerError {
  override readonly name: string = 'CryptoUnavailableError'
  constructor() {
    super(
      'JSS_ERR_CRYPTO_UNAVAILABLE',
      'globalThis.crypto.subtle (Web Crypto) is missing: in a browser it needs a secure context',
    )
  }
}
