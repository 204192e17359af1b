import { UsageError } from './errors.js'
import { validateBucket, validateKey } from './validate.js'

/** Where a command acts: a bucket and, for object commands, a key (or a prefix for listings). */
export interface Target {
  bucket: string
  key: string
}

/**
 * Splits `<bucket>/<key>` at the first `/`. The key is taken verbatim: no URL decoding, so
 * `b/dir/ünï cødé %+3.bin` names the key `dir/ünï cødé %+3.bin`.
 */
export function splitTarget(text: string): Target {
  const slash = text.indexOf('/')
  if (slash === -1) return { bucket: text, key: '' }
  return { bucket: text.slice(0, slash), key: text.slice(slash + 1) }
}

/** `<bucket>/<key>` with both validated; throws a UsageError before any network call. */
export function parseObjectTarget(text: string): Target {
  const target = splitTarget(text)
  validateBucket(target.bucket)
  if (target.key === '') {
    throw new UsageError(`missing key in "${text}": use <bucket>/<key>`)
  }
  validateKey(target.key)
  return target
}

/** `<bucket>[/prefix]` for listings; the prefix may be empty. */
export function parsePrefixTarget(text: string): Target {
  const target = splitTarget(text)
  validateBucket(target.bucket)
  if (target.key !== '') validateKey(target.key, 'prefix')
  return target
}
