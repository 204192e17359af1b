import type { Dialect } from './dialect.js'
import { JssInvalidArgumentError, JssResponseError } from './errors.js'
import type { ObjectInfo, ObjectSettings } from './operation-types.js'
import type { JssResponse } from './response.js'

/**
 * The request headers of an object's settings (Initiate, PUT object), in the dialect's names:
 * `x-jss-storage-class` or `x-amz-storage-class`, `x-jss-meta-*` or `x-amz-meta-*`, and the
 * dialect's server-side encryption header.
 */
export function settingsHeaders(
  settings: ObjectSettings,
  dialect: Dialect,
): Record<string, string> {
  const prefix = dialect.headerPrefix
  const headers: Record<string, string> = {}
  if (settings.contentType !== undefined) headers['content-type'] = settings.contentType
  if (settings.storageClass !== undefined) {
    if (settings.storageClass !== 'STANDARD' && settings.storageClass !== 'REDUCED_REDUNDANCY') {
      throw new JssInvalidArgumentError(`storageClass must be STANDARD or REDUCED_REDUNDANCY`)
    }
    headers[`${prefix}storage-class`] = settings.storageClass
  }
  if (settings.serverSideEncryption !== undefined) {
    const encryption = dialect.encryptionHeader(settings.serverSideEncryption === true)
    if (encryption) headers[encryption[0]] = encryption[1]
  }
  for (const [name, value] of Object.entries(settings.metadata ?? {})) {
    if (
      !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name) ||
      typeof value !== 'string' ||
      /[\r\n]/.test(value)
    ) {
      throw new JssInvalidArgumentError(
        `metadata ${JSON.stringify(name)} is not a valid header name and value`,
      )
    }
    headers[`${prefix}meta-${name.toLowerCase()}`] = value
  }
  return headers
}

/** An ETag header or JSON value as unquoted lowercase hex. */
export function unquoteEtag(value: string): string {
  return value.trim().replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase()
}

/** Reads the ETag header, which must be there. */
export function requireEtag(res: JssResponse): string {
  const etag = res.headers.etag
  if (etag === undefined || unquoteEtag(etag) === '') {
    throw new JssResponseError(`The answer to ${res.resource} has no ETag`, {
      statusCode: res.statusCode,
      requestId: res.requestId,
      resource: res.resource,
    })
  }
  return unquoteEtag(etag)
}

/** A date header or JSON value, or undefined. */
export function parseDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined
  const time = Date.parse(value)
  return Number.isNaN(time) ? undefined : new Date(time)
}

/** The object facts of a GET or HEAD answer (metadata and storage class in the dialect's headers). */
export function objectInfo(res: JssResponse, dialect: Dialect): ObjectInfo {
  const metadata: Record<string, string> = {}
  const meta = `${dialect.headerPrefix}meta-`
  for (const [name, value] of Object.entries(res.headers)) {
    if (name.startsWith(meta)) metadata[name.slice(meta.length)] = value
  }
  const length = Number(res.headers['content-length'])
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new JssResponseError(`The answer to ${res.resource} has no valid Content-Length`, {
      statusCode: res.statusCode,
      requestId: res.requestId,
      resource: res.resource,
    })
  }
  return {
    contentLength: length,
    etag: requireEtag(res),
    contentType: res.headers['content-type'],
    lastModified: parseDate(res.headers['last-modified']),
    storageClass: res.headers[`${dialect.headerPrefix}storage-class`],
    metadata,
  }
}
