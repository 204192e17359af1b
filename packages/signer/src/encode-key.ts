import { checkKey } from './check-key.js'
import { InvalidArgumentError } from './errors.js'

/**
 * Percent-encodes an object key for the request path: every byte except RFC 3986 unreserved
 * characters and `/` is written as `%XX` of its UTF-8 encoding. The key is signed decoded. A key
 * that cannot be addressed (`checkKey`: a `.` or `..` segment) is refused, never encoded into a
 * path that a URL parser would fold into another key.
 * @throws InvalidArgumentError when the key is not a string, holds a lone surrogate or a dot segment
 * @example encodeKey('dir/ünï cødé.bin') // 'dir/%C3%BCn%C3%AF%20c%C3%B8d%C3%A9.bin'
 */
export function encodeKey(key: string): string {
  if (typeof key !== 'string') throw new InvalidArgumentError('key', 'must be a string')
  if (key !== '') checkKey(key)
  try {
    return key
      .split('/')
      .map((segment) =>
        encodeURIComponent(segment).replace(
          /[!'()*]/g,
          (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
        ),
      )
      .join('/')
  } catch (cause) {
    throw new InvalidArgumentError('key', 'is not well-formed UTF-16 (it has a lone surrogate)', {
      cause,
    })
  }
}
