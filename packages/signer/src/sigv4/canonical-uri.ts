import { InvalidUrlError } from '../errors.js'
import { uriEncode } from './uri-encode.js'

/** How a service reads a request path (S3's rules unless said otherwise). */
export interface PathRules {
  /**
   * Remove `.`, `..` and empty segments first, as generic AWS services do. S3 never does.
   * @default false
   */
  readonly normalizePath?: boolean | undefined
  /**
   * Encode the path as sent once more (`%` becomes `%25`), as generic AWS services do. S3 does not:
   * it decodes each segment and encodes it once.
   * @default false
   */
  readonly doubleEncodePath?: boolean | undefined
}

/** Decodes one percent-encoded path segment. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch (cause) {
    throw new InvalidUrlError(
      `the path segment ${JSON.stringify(segment)} is not valid percent-encoded UTF-8`,
      { cause },
    )
  }
}

/** RFC 3986 remove_dot_segments, empty segments dropped too; a trailing `/` is kept. */
function normalizeSegments(segments: readonly string[]): string[] {
  const out: string[] = []
  for (const segment of segments) {
    if (segment === '..') out.pop()
    else if (segment !== '.' && segment !== '') out.push(segment)
  }
  const last = segments[segments.length - 1]
  if (out.length > 0 && (last === '' || last === '.' || last === '..')) out.push('')
  return out
}

/**
 * CanonicalURI of a request path as sent (percent-encoded, e.g. `URL.pathname`). S3 (the default):
 * each segment decoded then `uriEncode`d once (so `%2F` stays a key character, `!` becomes `%21`),
 * never normalised. `PathRules` select the generic services' rules instead.
 * @throws InvalidUrlError for a segment that is not percent-encoded UTF-8
 * @example canonicalUri('/test$file.text') // '/test%24file.text'
 * @example canonicalUri('/a//b/../c', { normalizePath: true }) // '/a/c'
 */
export function canonicalUri(path: string, rules: PathRules = {}): string {
  const raw = path.startsWith('/') ? path.slice(1) : path
  let segments = raw.split('/')
  if (rules.normalizePath) segments = normalizeSegments(segments)
  const encoded = segments.map((segment) =>
    rules.doubleEncodePath ? uriEncode(segment) : uriEncode(decodeSegment(segment)),
  )
  return `/${encoded.join('/')}`
}
