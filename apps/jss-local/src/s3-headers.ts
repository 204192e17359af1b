import type { IncomingMessage } from 'node:http'
import type { Dialect } from './dialect.js'
import type { HandlerContext } from './handler-context.js'
import type { ObjectProperties } from './records.js'

/** The prefix of the headers that carry object properties: `x-jss-` or `x-amz-`. */
export function headerPrefix(dialect: Dialect): 'x-jss-' | 'x-amz-' {
  return dialect === 's3' ? 'x-amz-' : 'x-jss-'
}

/**
 * The headers that show an object's stored properties in the request's dialect: JSS
 * `x-jss-storage-class`, `x-jss-server-side-encryption: true|false` and `x-jss-meta-*`; S3
 * `x-amz-storage-class` (left out for STANDARD, as S3 does), `x-amz-server-side-encryption: AES256`
 * when encrypted, and `x-amz-meta-*`.
 */
export function propertyHeaders(
  dialect: Dialect,
  record: Pick<ObjectProperties, 'storageClass' | 'serverSideEncryption' | 'metadata'>,
): Record<string, string> {
  const prefix = headerPrefix(dialect)
  const headers: Record<string, string> = {}
  if (dialect === 'jss') {
    headers['x-jss-storage-class'] = record.storageClass
    headers['x-jss-server-side-encryption'] = String(record.serverSideEncryption)
  } else {
    if (record.storageClass !== 'STANDARD') headers['x-amz-storage-class'] = record.storageClass
    if (record.serverSideEncryption) headers['x-amz-server-side-encryption'] = 'AES256'
  }
  for (const [name, value] of Object.entries(record.metadata))
    headers[`${prefix}meta-${name}`] = value
  return headers
}

/** The S3 query parameters that override answer headers of a GET, by the JSS parameter. */
const S3_OVERRIDES: Readonly<Record<string, string>> = {
  contentType: 'response-content-type',
  contentLanguage: 'response-content-language',
  cacheControl: 'response-cache-control',
  contentDisposition: 'response-content-disposition',
  contentEncoding: 'response-content-encoding',
}

/** The query parameter that overrides an answer header of a GET: `contentType` or `response-content-type`. */
export function overrideParam(dialect: Dialect, jssParam: string): string {
  return dialect === 's3' ? (S3_OVERRIDES[jssParam] ?? jssParam) : jssParam
}

/** The verified checksum headers a PUT object or UploadPart echoes in the S3 dialect. */
export function putHeaders(context: HandlerContext): Record<string, string> {
  if (context.dialect !== 's3') return {}
  return checksumHeaders(context.req)
}

/** The `x-amz-checksum-<algorithm>` headers of a request. */
function checksumHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const name of ['x-amz-checksum-crc32', 'x-amz-checksum-sha1', 'x-amz-checksum-sha256']) {
    const value = req.headers[name]
    if (typeof value === 'string') headers[name] = value.trim()
  }
  return headers
}
