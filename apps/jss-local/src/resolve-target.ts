import {
  InvalidArgumentError,
  InvalidUrlError,
  parseHost,
  parseRequestTarget,
  type RequestResource,
} from '@jss/signer'
import { serviceError } from './errors.js'

/**
 * Where a request points: bucket, key and query, from the Host header and the raw target. The
 * same `routed` resource is what the router acts on and what the signature is checked against.
 */
export interface RequestTarget {
  /** The bucket, or `undefined` for the service root. */
  readonly bucket: string | undefined
  /** The decoded object key, verbatim, or `undefined` for a bucket or service request. */
  readonly key: string | undefined
  /** Whether the bucket came from the Host header. */
  readonly virtualHost: boolean
  readonly query: URLSearchParams
  /** `/bucket/key`, `/bucket` or `/`: the resource named in error bodies. */
  readonly resource: string
  /** The routed resource, as `verifyRequest` takes it. */
  readonly routed: RequestResource
}

/** The bucket named by a virtual-host host name (`bucket.<domain>`), or `undefined`. */
export function virtualHostBucket(
  hostname: string,
  domains: readonly string[],
): string | undefined {
  for (const domain of domains) {
    const suffix = `.${domain.toLowerCase()}`
    if (hostname.length > suffix.length && hostname.endsWith(suffix)) {
      return hostname.slice(0, hostname.length - suffix.length)
    }
  }
  return undefined
}

/**
 * Resolves a request, before anything else is looked at: the Host header must be one
 * `host[:port]` (400 InvalidArgument otherwise, and when it is missing); virtual-host when its
 * name is `bucket.<domain>` for one of `domains`, path-style (`/bucket/key`) otherwise. The raw
 * target is parsed by `@jss/signer`'s `parseRequestTarget`: split before decoding, never
 * normalised; a key that cannot be addressed (a `.`/`..` segment) is 400 InvalidURI.
 * @example resolveTarget('/b/a%20b?uploads', '127.0.0.1:9000', ['localhost']).key // 'a b'
 */
export function resolveTarget(
  rawUrl: string,
  host: string | undefined,
  domains: readonly string[],
): RequestTarget {
  if (host === undefined || host === '') {
    throw serviceError(400, 'InvalidArgument', 'The request has no Host header.')
  }
  const parsedHost = parseHost(host)
  if (!parsedHost) {
    throw serviceError(
      400,
      'InvalidArgument',
      `The Host header ${JSON.stringify(host)} is not host[:port].`,
    )
  }
  const hostBucket = virtualHostBucket(parsedHost.hostname, domains)
  let routed: RequestResource
  try {
    routed = parseRequestTarget(rawUrl, { bucket: hostBucket })
  } catch (error) {
    if (error instanceof InvalidUrlError) throw serviceError(400, 'InvalidURI', `${error.message}.`)
    if (error instanceof InvalidArgumentError) {
      throw serviceError(400, 'InvalidArgument', `${error.message}.`)
    }
    throw error
  }
  const { bucket, key } = routed
  const resource =
    bucket === undefined ? '/' : key === undefined ? `/${bucket}` : `/${bucket}/${key}`
  return {
    bucket,
    key,
    virtualHost: hostBucket !== undefined,
    query: new URLSearchParams(routed.query),
    resource,
    routed,
  }
}
