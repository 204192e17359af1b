import { InvalidArgumentError } from './errors.js'
import { SIGNED_SUB_RESOURCES } from './sub-resources.js'

/** A `/`-separated segment that URL parsers remove or fold: `.` or `..`. */
const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/

/**
 * A `?` followed by a signed sub-resource name: the key would read, in CanonicalizedResource, like
 * the same key without that suffix plus the sub-resource (`/b/k?acl`), so one signature would
 * stand for two requests.
 */
const SUB_RESOURCE_SUFFIX = new RegExp(`\\?(?:${SIGNED_SUB_RESOURCES.join('|')})(?:[=&]|$)`)

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Whether an object key can be addressed in a URL (contract §4, "Object keys"): a non-empty,
 * well-formed string with no segment that is exactly `.` or `..` (URL parsers — WHATWG URL in
 * browsers and undici, curl — drop such segments before a request is sent, so the request would
 * name another object) and no `?` followed by a signed sub-resource name such as `?acl` or
 * `?uploadId=` (its signature would also authorize the key without that suffix with that
 * sub-resource). Backslashes, repeated slashes and any other `?` are ordinary key characters.
 * @example isAddressableKey('a/./b') // false
 * @example isAddressableKey('a\\b//..c') // true
 */
export function isAddressableKey(key: string): boolean {
  return (
    typeof key === 'string' &&
    key !== '' &&
    !LONE_SURROGATE.test(key) &&
    !DOT_SEGMENT.test(key) &&
    !SUB_RESOURCE_SUFFIX.test(key)
  )
}

/**
 * Throws unless `isAddressableKey(key)`; the message names the key and why.
 * @throws InvalidArgumentError
 * @example checkKey('backups/../etc') // throws: key "backups/../etc" has a ".." segment …
 */
export function checkKey(key: string, argument = 'key'): void {
  if (typeof key !== 'string' || key === '') {
    throw new InvalidArgumentError(argument, 'must be a non-empty string')
  }
  if (LONE_SURROGATE.test(key)) {
    throw new InvalidArgumentError(
      argument,
      `${JSON.stringify(key)} is not well-formed UTF-16 (it has a lone surrogate)`,
    )
  }
  const dots = DOT_SEGMENT.exec(key)
  if (dots) {
    const segment = dots[0].replaceAll('/', '')
    throw new InvalidArgumentError(
      argument,
      `${JSON.stringify(key)} has a "${segment}" segment, which URL parsers remove: such a key cannot be addressed (rename it)`,
    )
  }
  const suffix = SUB_RESOURCE_SUFFIX.exec(key)
  if (suffix) {
    throw new InvalidArgumentError(
      argument,
      `${JSON.stringify(key)} has "${suffix[0].replace(/[=&]$/, '')}", which a signature cannot tell from that sub-resource: such a key cannot be addressed (rename it)`,
    )
  }
}
