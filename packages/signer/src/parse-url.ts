import { InvalidArgumentError, InvalidUrlError } from './errors.js'
import type { UrlInput } from './types.js'

/**
 * Parses a request URL. A path (`/bucket/key?…`, the form a server receives) is resolved against
 * `http://` + the Host header (or `localhost`).
 * @throws InvalidArgumentError, InvalidUrlError
 */
export function parseUrl(url: UrlInput, host?: string): URL {
  let href: string
  if (typeof url === 'string') href = url
  else if (typeof url === 'object' && url !== null && typeof url.href === 'string') href = url.href
  else throw new InvalidArgumentError('request.url', 'must be a string or a URL')
  if (href.startsWith('/')) {
    for (const origin of [`http://${host || 'localhost'}`, 'http://localhost']) {
      try {
        return new URL(origin + href)
      } catch {
        // an unusable Host header: try localhost
      }
    }
    throw new InvalidUrlError(`request.url ${JSON.stringify(href)} is not a valid path`)
  }
  try {
    return new URL(href)
  } catch (cause) {
    throw new InvalidUrlError(`request.url ${JSON.stringify(href)} is not an absolute URL`, {
      cause,
    })
  }
}
