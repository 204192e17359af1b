import { InvalidArgumentError, InvalidCredentialsError } from './errors.js'
import type { Credentials, SignableRequest } from './types.js'

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const ACCESS_KEY = /^[\x21-\x39\x3b-\x7e]+$/

/** Checks the request object and its method; returns the method upper-cased. */
export function checkRequest(request: SignableRequest): string {
  if (typeof request !== 'object' || request === null) {
    throw new InvalidArgumentError(
      'request',
      'must be an object { method, url, headers?, bucket? }',
    )
  }
  const method = checkMethod(request.method)
  const { bucket } = request
  if (
    bucket !== undefined &&
    (typeof bucket !== 'string' || bucket === '' || /[/?#]/.test(bucket))
  ) {
    throw new InvalidArgumentError(
      'request.bucket',
      'must be a non-empty string without "/", "?" or "#"',
    )
  }
  return method
}

/** Checks an HTTP method; returns it upper-cased. */
export function checkMethod(method: unknown): string {
  if (typeof method !== 'string' || !TOKEN.test(method)) {
    throw new InvalidArgumentError('request.method', 'must be an HTTP method such as "PUT"')
  }
  return method.toUpperCase()
}

/** Checks credentials: an access key of visible ASCII without `:`, a non-empty secret key. */
export function checkCredentials(credentials: Credentials): void {
  if (typeof credentials !== 'object' || credentials === null) {
    throw new InvalidCredentialsError('credentials must be an object { accessKey, secretKey }')
  }
  const { accessKey, secretKey } = credentials
  if (typeof accessKey !== 'string' || !ACCESS_KEY.test(accessKey)) {
    throw new InvalidCredentialsError(
      'credentials.accessKey must be a non-empty string of visible ASCII characters without ":"',
    )
  }
  if (typeof secretKey !== 'string' || secretKey === '') {
    throw new InvalidCredentialsError('credentials.secretKey must be a non-empty string')
  }
}
