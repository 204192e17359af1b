import { isAddressableKey } from '@jss/signer'
import { JssInvalidArgumentError } from './errors.js'
import { isStreamedBody } from './streamed-body.js'

/** Throws unless `params` is an object. */
export function requireParams(params: unknown, operation: string): void {
  if (typeof params !== 'object' || params === null) {
    throw new JssInvalidArgumentError(`${operation} needs a parameters object`)
  }
}

/** Throws unless `value` is a non-empty string. */
export function requireString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new JssInvalidArgumentError(
      `${name} must be a non-empty string, got ${JSON.stringify(value) ?? String(value)}`,
    )
  }
}

/** Throws unless `value` is undefined or a string. */
export function optionalString(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'string') {
    throw new JssInvalidArgumentError(`${name} must be a string`)
  }
}

/** Throws unless `value` is undefined or an integer ≥ `min`. */
export function optionalInteger(value: unknown, name: string, min: number): void {
  if (value === undefined) return
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new JssInvalidArgumentError(`${name} must be an integer ≥ ${min}, got ${String(value)}`)
  }
}

/** Throws unless `body` is a Uint8Array, an array of them, or a `StreamedBody`. */
export function requireBody(body: unknown, name: string): void {
  if (body instanceof Uint8Array) return
  if (Array.isArray(body) && body.every((chunk) => chunk instanceof Uint8Array)) return
  if (isStreamedBody(body)) {
    const { size } = body as { size: unknown }
    if (typeof size === 'number' && Number.isSafeInteger(size) && size >= 0) return
    throw new JssInvalidArgumentError(
      `${name}.size must be a non-negative integer (the streamed body's byte count), got ${String(size)}`,
    )
  }
  throw new JssInvalidArgumentError(
    `${name} must be a Uint8Array, an array of Uint8Array, or a streamed body { size, open() }`,
  )
}

/** Validates a hex MD5 and returns it in lowercase, or undefined. */
export function normalizeMd5(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !/^[0-9a-fA-F]{32}$/.test(value)) {
    throw new JssInvalidArgumentError(
      `${name} must be 32 hex digits (an MD5 in hex), got ${String(value)}`,
    )
  }
  return value.toLowerCase()
}

/** Throws with `signal.reason` when the signal is already aborted, or when it is not a signal. */
export function checkSignal(signal: unknown): void {
  if (signal === undefined) return
  if (!(signal instanceof AbortSignal))
    throw new JssInvalidArgumentError('signal must be an AbortSignal')
  signal.throwIfAborted()
}

/** Throws unless `value` is an integer ≥ `min`. */
export function requireInteger(value: unknown, name: string, min: number): void {
  if (value === undefined) throw new JssInvalidArgumentError(`${name} is required`)
  optionalInteger(value, name, min)
}

/**
 * Throws unless `value` can name a bucket in a URL (letters, digits, `.`, `_`, `-`). The service's
 * own naming rules (InvalidBucketName) are left to the service.
 */
export function requireBucket(value: unknown): asserts value is string {
  requireString(value, 'bucket')
  if (!/^[A-Za-z0-9._-]+$/.test(value)) {
    throw new JssInvalidArgumentError(`bucket ${JSON.stringify(value)} cannot be used in a URL`)
  }
}

/**
 * Throws unless `value` is a key that can be addressed (`isAddressableKey` of `@jss/signer`,
 * contract §4): never a `.` or `..` segment, which URL parsers would fold into another key.
 */
export function requireKey(value: unknown): asserts value is string {
  requireString(value, 'key')
  if (!isAddressableKey(value)) {
    throw new JssInvalidArgumentError(
      `key ${JSON.stringify(value)} cannot be addressed: it has a "." or ".." segment (or "?" and a sub-resource name such as "?acl"), which URL parsers or signatures cannot tell from another key; rename it`,
    )
  }
}
