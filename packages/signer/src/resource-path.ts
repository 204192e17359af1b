import { parseRequestTarget, type RequestResource } from './parse-request-target.js'

/** The path part of CanonicalizedResource of a routed resource: `/bucket/key`, `/bucket` or `/`. */
export function canonicalPath(resource: RequestResource): string {
  const { bucket, key } = resource
  return bucket === undefined ? '/' : key === undefined ? `/${bucket}` : `/${bucket}/${key}`
}

/**
 * The path part of CanonicalizedResource for a URL to sign, read exactly as a server reads the
 * request it becomes (`parseRequestTarget`): with `bucket` given and the host `bucket` or
 * `bucket.…`, the URL is virtual-host and the path is the key; otherwise the path is
 * `/bucket/key` (`/bucket/` gives `/bucket`). The key is decoded.
 * @throws InvalidUrlError, InvalidArgumentError: what `parseRequestTarget` refuses
 */
export function resourcePath(url: URL, bucket: string | undefined): string {
  const host = url.hostname.toLowerCase()
  const lower = bucket?.toLowerCase()
  const virtual = lower !== undefined && (host === lower || host.startsWith(`${lower}.`))
  return canonicalPath(
    parseRequestTarget(url.pathname + url.search, { bucket: virtual ? bucket : undefined }),
  )
}
