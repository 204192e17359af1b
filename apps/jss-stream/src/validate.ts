import { isAddressableKey } from '@jss/signer'
import { UsageError } from './errors.js'

/** The longest key the service accepts, in bytes of UTF-8. */
export const maxKeyBytes = 1022

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const bucketPattern = /^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$/

/** Throws a UsageError unless `bucket` is 3–63 of `[a-z0-9-]`, alphanumeric at both ends, no `--`. */
export function validateBucket(bucket: string): void {
  if (bucket === '') throw new UsageError('missing bucket name: use <bucket>/<key>')
  if (!bucketPattern.test(bucket) || bucket.includes('--')) {
    throw new UsageError(
      `invalid bucket name "${bucket}": use 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit, without "--"`,
    )
  }
}

/**
 * Throws a UsageError unless `key` is 1–1022 bytes of well-formed UTF-8 that can be addressed
 * (`isAddressableKey`, contract §4: no `.`/`..` segment).
 */
export function validateKey(key: string, what = 'key'): void {
  if (key === '') throw new UsageError(`empty ${what}`)
  if (loneSurrogate.test(key)) throw new UsageError(`invalid ${what}: not valid Unicode`)
  const bytes = Buffer.byteLength(key, 'utf8')
  if (bytes > maxKeyBytes) {
    throw new UsageError(`${what} too long: ${bytes} bytes of UTF-8, the limit is ${maxKeyBytes}`)
  }
  if (!isAddressableKey(key)) {
    throw new UsageError(
      `${what} ${JSON.stringify(key)} cannot be addressed: a "." or ".." segment (or "?" followed by a sub-resource name such as "?acl") would name another object once in a URL; rename it`,
    )
  }
}

/** A whole number of at least 1 given to option `name`, or a UsageError saying so. */
export function parsePositiveInteger(value: string, name: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`invalid ${name} "${value}": use a whole number of at least 1`)
  }
  return Number(value)
}
