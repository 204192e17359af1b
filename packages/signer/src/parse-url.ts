import { InvalidArgumentError, InvalidHeaderError, InvalidUrlError } from './errors.js'
import { parseHost } from './parse-host.js'
import type { UrlInput } from './types.js'

/** The scheme and authority of an absolute URL string. */
const ORIGIN = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*/

/**
 * Throws when the raw path of a URL string has something a URL parser would rewrite into another
 * path before the request is sent: a backslash (read as `/`) or a `.`/`..` segment in any
 * percent-encoded spelling (removed). What is signed must be what is sent (contract §4).
 */
function checkRawPath(href: string): void {
  const beforeQuery = href.split(/[?#]/, 1)[0]!
  if (beforeQuery.includes('\\')) {
    throw new InvalidUrlError(
      `request.url ${JSON.stringify(href)} has a backslash before the query: send it as %5C`,
    )
  }
  const path = beforeQuery.replace(ORIGIN, '')
  for (const segment of path.split('/')) {
    const plain = segment.toLowerCase().replaceAll('%2e', '.')
    if (plain === '.' || plain === '..') {
      throw new InvalidUrlError(
        `request.url ${JSON.stringify(href)} has a "${plain}" path segment, which URL parsers remove: such a key cannot be addressed`,
      )
    }
  }
}

/**
 * Parses a request URL to sign. A path (`/bucket/key?…`) is resolved against `http://` + the Host
 * header (which must be `host[:port]`), or `localhost`. A string whose raw path a URL parser would
 * rewrite (backslashes, dot segments) is refused rather than signed as something else.
 * @throws InvalidArgumentError, InvalidHeaderError, InvalidUrlError
 */
export function parseUrl(url: UrlInput, host?: string): URL {
  let href: string
  if (typeof url === 'string') href = url
  else if (typeof url === 'object' && url !== null && typeof url.href === 'string') href = url.href
  else throw new InvalidArgumentError('request.url', 'must be a string or a URL')
  if (typeof url === 'string') checkRawPath(href)
  if (href.startsWith('/')) {
    if (host && !parseHost(host)) throw new InvalidHeaderError('Host', 'is not host[:port]')
    try {
      return new URL(`http://${host || 'localhost'}${href}`)
    } catch (cause) {
      throw new InvalidUrlError(`request.url ${JSON.stringify(href)} is not a valid path`, {
        cause,
      })
    }
  }
  try {
    return new URL(href)
  } catch (cause) {
    throw new InvalidUrlError(`request.url ${JSON.stringify(href)} is not an absolute URL`, {
      cause,
    })
  }
}
