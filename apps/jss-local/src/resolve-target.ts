import { serviceError } from './errors.js'

/** Where a request points: bucket, key and query, from the Host header and the raw path. */
export interface RequestTarget {
  /** The bucket, or `undefined` for the service root. */
  readonly bucket: string | undefined
  /** The decoded object key, or `undefined` for a bucket or service request. */
  readonly key: string | undefined
  /** Whether the bucket came from the Host header. */
  readonly virtualHost: boolean
  readonly query: URLSearchParams
  /** `/bucket/key`, `/bucket` or `/`: the resource named in error bodies. */
  readonly resource: string
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    throw serviceError(400, 'InvalidURI', 'The request path is not valid percent-encoding.')
  }
}

/** The host name of a Host header, lower-cased, without port. */
export function hostName(host: string | undefined): string {
  const value = (host ?? '').trim().toLowerCase()
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1)
  const colon = value.lastIndexOf(':')
  return colon < 0 ? value : value.slice(0, colon)
}

/** The bucket named by a virtual-host Host header (`bucket.<domain>`), or `undefined`. */
export function virtualHostBucket(
  host: string | undefined,
  domains: readonly string[],
): string | undefined {
  const name = hostName(host)
  for (const domain of domains) {
    const suffix = `.${domain.toLowerCase()}`
    if (name.length > suffix.length && name.endsWith(suffix)) {
      return name.slice(0, name.length - suffix.length)
    }
  }
  return undefined
}

/**
 * Resolves a request: virtual-host when the Host header is `bucket.<domain>` for one of `domains`,
 * path-style (`/bucket/key`) otherwise. The raw path is split before decoding, never normalised, so
 * `..` and `%2F` are ordinary key characters.
 * @example resolveTarget('/b/a%20b?uploads', '127.0.0.1:9000', ['localhost']).key // 'a b'
 */
export function resolveTarget(
  rawUrl: string,
  host: string | undefined,
  domains: readonly string[],
): RequestTarget {
  const mark = rawUrl.indexOf('?')
  const path = mark < 0 ? rawUrl : rawUrl.slice(0, mark)
  const query = new URLSearchParams(mark < 0 ? '' : rawUrl.slice(mark + 1))
  if (!path.startsWith('/'))
    throw serviceError(400, 'InvalidURI', 'The request path must start with /.')
  const hostBucket = virtualHostBucket(host, domains)
  let bucket: string | undefined
  let rawKey: string
  if (hostBucket !== undefined) {
    bucket = hostBucket
    rawKey = path.slice(1)
  } else {
    const slash = path.indexOf('/', 1)
    const rawBucket = slash < 0 ? path.slice(1) : path.slice(1, slash)
    bucket = rawBucket === '' ? undefined : decode(rawBucket)
    rawKey = slash < 0 ? '' : path.slice(slash + 1)
  }
  const key = rawKey === '' ? undefined : decode(rawKey)
  const resource =
    bucket === undefined ? '/' : key === undefined ? `/${bucket}` : `/${bucket}/${key}`
  return { bucket, key, virtualHost: hostBucket !== undefined, query, resource }
}
