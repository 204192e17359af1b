import { UsageError } from './errors.js'

/** The wire protocol the CLI speaks: JD Cloud JSS, or the S3 REST API. */
export type Dialect = 'jss' | 's3'

/** `--dialect`, `JSS_DIALECT` or the profile's `dialect`: `jss`, `s3` or `auto` (undefined). */
export function parseDialect(text: string | undefined, label = '--dialect'): Dialect | undefined {
  if (text === undefined || text === 'auto') return undefined
  if (text === 'jss' || text === 's3') return text
  throw new UsageError(`invalid ${label} "${text}": use jss, s3 or auto`)
}

/** The hostname of an endpoint URL, lowercase; undefined when it is not a URL. */
function hostnameOf(endpoint: string): string | undefined {
  try {
    return new URL(endpoint).hostname.toLowerCase()
  } catch {
    return undefined
  }
}

/**
 * The dialect of a well-known endpoint: `s3` for JD Cloud's S3-compatible hosts
 * (`*.jdcloud-oss.com`), AWS (`*.amazonaws.com`) and Cloudflare R2 (`*.r2.cloudflarestorage.com`),
 * `jss` for JD Cloud's JSS hosts (`*.jcloud.com`, `*.jcloudcs.com`); undefined for any other.
 * @example inferDialect('https://s3.cn-north-1.jdcloud-oss.com') // 's3'
 */
export function inferDialect(endpoint: string): Dialect | undefined {
  const host = hostnameOf(endpoint)
  if (host === undefined) return undefined
  if (/(^|\.)(jdcloud-oss\.com|amazonaws\.com|r2\.cloudflarestorage\.com)$/.test(host)) return 's3'
  if (/(^|\.)(jcloud\.com|jcloudcs\.com)$/.test(host)) return 'jss'
  return undefined
}

/**
 * The signing region an S3 endpoint names in its host: `s3.<region>.jdcloud-oss.com`,
 * `s3.<region>.amazonaws.com`, `s3-<region>.amazonaws.com`, `<bucket>.s3.<region>.amazonaws.com`;
 * undefined when it names none. R2 signs with region `auto`.
 * @example regionOfEndpoint('https://s3.cn-east-2.jdcloud-oss.com') // 'cn-east-2'
 */
export function regionOfEndpoint(endpoint: string): string | undefined {
  const host = hostnameOf(endpoint)
  if (host === undefined) return undefined
  if (/(^|\.)r2\.cloudflarestorage\.com$/.test(host)) return 'auto'
  const match = /(?:^|\.)s3[.-]([a-z0-9-]+)\.(?:jdcloud-oss\.com|amazonaws\.com(?:\.cn)?)$/.exec(
    host,
  )
  const region = match?.[1]
  return region === undefined || region === 'external-1' || region === 'dualstack'
    ? undefined
    : region
}
