import { UsageError } from './errors.js'
import { validateBucket, validateKey } from './validate.js'

/** Where a command acts: a bucket and, for object commands, a key (or a prefix for listings). */
export interface Target {
  bucket: string
  key: string
}

/**
 * `text` without its `jss://` prefix; any other `scheme://` (`s3://`, `https://`) is a UsageError.
 * @example stripScheme('jss://b/k') // 'b/k'
 */
export function stripScheme(text: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]
  if (scheme === undefined) return text
  if (scheme.toLowerCase() === 'jss') return text.slice(scheme.length + 3)
  throw new UsageError(
    `unsupported address "${text}": ${scheme}:// is not a JSS address; use jss://<bucket>/<key> or <bucket>/<key>`,
  )
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

/** `<bucket>/<key>` (or `jss://<bucket>/<key>`) with both validated; throws a UsageError before any network call. */
export function parseObjectTarget(text: string): Target {
  const target = splitTarget(stripScheme(text))
  validateBucket(target.bucket)
  if (target.key === '') {
    throw new UsageError(`missing key in "${text}": use <bucket>/<key>`)
  }
  validateKey(target.key)
  return target
}

/** `<bucket>` (or `jss://<bucket>`, `jss://<bucket>/`) for bucket commands; a key is an error. */
export function parseBucketTarget(text: string): string {
  const { bucket, key } = splitTarget(stripScheme(text))
  validateBucket(bucket)
  if (key !== '')
    throw new UsageError(`unexpected key in "${text}": use <bucket> or jss://<bucket>`)
  return bucket
}

/** `<bucket>[/prefix]` (or `jss://<bucket>[/prefix]`) for listings; the prefix may be empty. */
export function parsePrefixTarget(text: string): Target {
  const target = splitTarget(stripScheme(text))
  validateBucket(target.bucket)
  if (target.key !== '') validateKey(target.key, 'prefix')
  return target
}
