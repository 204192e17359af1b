import { encodeKey } from '@jss/signer'

/** How requests name the bucket. */
export type Addressing = 'virtual-host' | 'path'

/** A query parameter; `undefined` values are left out, `null` ones written without `=`. */
export type QueryParams = Record<string, string | number | null | undefined>

/** Where one request goes. */
export interface Target {
  /** `scheme://host[:port]` the request is dispatched to. */
  origin: string
  /** Path and query as sent. */
  path: string
  /** The full URL (origin + path). */
  url: string
  /** The bucket to give the signer (virtual-host only). */
  signerBucket: string | undefined
  /** `/bucket/key?query`, for messages and events. */
  resource: string
}

/** True for JD Cloud's JSS hosts, which are addressed virtual-host style by default. */
export function isJdCloudHost(hostname: string): boolean {
  const host = hostname.toLowerCase()
  return /(^|\.)jcloud\.com$/.test(host) || /(^|\.)jcloudcs\.com$/.test(host)
}

/** True for the hosts the S3 dialect addresses virtual-host style: AWS's and JD Cloud's OSS. */
export function isS3VirtualHost(hostname: string): boolean {
  return /(^|\.)(amazonaws\.com|jdcloud-oss\.com)$/.test(hostname.toLowerCase())
}

/**
 * The addressing used when the user names none: virtual-host for JD Cloud's JSS hosts (JSS), for
 * `*.amazonaws.com` and `*.jdcloud-oss.com` (S3); path for anything else.
 */
export function defaultAddressing(endpoint: URL, dialect: 'jss' | 's3' = 'jss'): Addressing {
  const virtual =
    dialect === 's3' ? isS3VirtualHost(endpoint.hostname) : isJdCloudHost(endpoint.hostname)
  return virtual ? 'virtual-host' : 'path'
}

/** Serializes a query sorted by name (as the contract decides), `?uploads` style for `null`. */
export function formatQuery(query: QueryParams | undefined): string {
  if (!query) return ''
  const parts = Object.keys(query)
    .filter((name) => query[name] !== undefined)
    .sort()
    .map((name) => {
      const value = query[name]
      const k = encodeURIComponent(name)
      return value === null ? k : `${k}=${encodeURIComponent(String(value))}`
    })
  return parts.length === 0 ? '' : `?${parts.join('&')}`
}

/** The target of a request on the service itself (`GET /` on the endpoint): no bucket, resource `/`. */
function serviceTarget(endpoint: URL, query: string): Target {
  const path = `/${query}`
  return {
    origin: endpoint.origin,
    path,
    url: endpoint.origin + path,
    signerBucket: undefined,
    resource: path,
  }
}

/**
 * Builds the target of a request on the service (no bucket: the endpoint itself, whatever the
 * addressing), a bucket (no key) or an object (key).
 */
export function buildTarget(
  endpoint: URL,
  addressing: Addressing,
  where: { bucket?: string | undefined; key?: string | undefined; query?: QueryParams | undefined },
): Target {
  const query = formatQuery(where.query)
  if (where.bucket === undefined) return serviceTarget(endpoint, query)
  const keyPath = where.key === undefined ? '' : `/${encodeKey(where.key)}`
  const resource = `/${where.bucket}${where.key === undefined ? '' : `/${where.key}`}${query}`
  if (addressing === 'virtual-host') {
    const port = endpoint.port ? `:${endpoint.port}` : ''
    const origin = `${endpoint.protocol}//${where.bucket}.${endpoint.hostname}${port}`
    const path = `${keyPath || '/'}${query}`
    return { origin, path, url: origin + path, signerBucket: where.bucket, resource }
  }
  const origin = endpoint.origin
  const path = `/${where.bucket}${keyPath}${query}`
  return { origin, path, url: origin + path, signerBucket: undefined, resource }
}
