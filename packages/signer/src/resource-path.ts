import { decodeKey } from './decode-key.js'

/**
 * The path part of CanonicalizedResource for a URL: `/bucket/key`, `/bucket` or `/`. With
 * `bucket` given and the host `bucket` or `bucket.…`, the URL is virtual-host and the path is
 * the key; otherwise the path is `/bucket/key` (`/bucket/` gives `/bucket`). The key is decoded.
 * @throws InvalidUrlError when the path is not percent-encoded UTF-8
 */
export function resourcePath(url: URL, bucket: string | undefined): string {
  const path = url.pathname
  const host = url.hostname.toLowerCase()
  const lower = bucket?.toLowerCase()
  if (lower !== undefined && (host === lower || host.startsWith(`${lower}.`))) {
    return path === '/' ? `/${bucket}` : `/${bucket}${decodeKey(path)}`
  }
  if (/^\/[^/]+\/$/.test(path)) return decodeKey(path.slice(0, -1))
  return decodeKey(path)
}
