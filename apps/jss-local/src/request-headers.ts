import type { IncomingMessage } from 'node:http'
import type { Dialect } from './dialect.js'
import { serviceError } from './errors.js'
import type { ObjectProperties } from './records.js'

function one(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(',') : value
}

/** The declared Content-Length (400 MissingContentLength when absent). */
export function requireContentLength(req: IncomingMessage): number {
  const text = one(req, 'content-length')
  if (text === undefined || !/^\d+$/.test(text.trim())) {
    throw serviceError(
      400,
      'MissingContentLength',
      'You must provide the Content-Length HTTP header.',
    )
  }
  return Number(text)
}

/**
 * Checks a body's MD5 against Content-MD5, 400 BadDigest on mismatch. JSS takes it in hex (or
 * base64); S3 only as the base64 of the 16 bytes, as S3 does: anything else is 400 InvalidDigest.
 */
export function checkContentMd5(req: IncomingMessage, md5Hex: string, dialect: Dialect): void {
  const text = one(req, 'content-md5')?.trim()
  if (text === undefined) return
  const base64 = /^[A-Za-z0-9+/]{21}[AQgw]==$/.test(text)
  if (dialect === 's3' && !base64) {
    throw serviceError(400, 'InvalidDigest', 'The Content-MD5 you specified is not valid.')
  }
  let sent: string | undefined
  if (/^[0-9a-fA-F]{32}$/.test(text)) sent = text.toLowerCase()
  else if (base64) sent = Buffer.from(text, 'base64').toString('hex')
  if (sent !== md5Hex) {
    throw serviceError(
      400,
      'BadDigest',
      'The Content-MD5 you specified did not match what we received.',
    )
  }
}

const STORAGE_CLASSES = ['STANDARD', 'REDUCED_REDUNDANCY']

/** Whether the object is to be encrypted: JSS `x-jss-server-side-encryption: true|false`, S3 `x-amz-server-side-encryption: AES256`. */
function readEncryption(req: IncomingMessage, dialect: Dialect): boolean {
  if (dialect === 's3') {
    const sse = one(req, 'x-amz-server-side-encryption')?.trim()
    if (sse === undefined) return false
    if (sse !== 'AES256') {
      throw serviceError(
        400,
        'InvalidArgument',
        `Invalid x-amz-server-side-encryption: ${sse} (only AES256).`,
      )
    }
    return true
  }
  const sse = (one(req, 'x-jss-server-side-encryption') ?? 'false').trim().toLowerCase()
  if (sse !== 'true' && sse !== 'false') {
    throw serviceError(400, 'InvalidArgument', `Invalid x-jss-server-side-encryption: ${sse}`)
  }
  return sse === 'true'
}

/**
 * Object properties from request headers (Content-Type, Cache-Control, and the dialect's
 * storage class, encryption and metadata headers: `x-jss-*` or `x-amz-*`).
 */
export function readObjectProperties(
  req: IncomingMessage,
  dialect: Dialect = 'jss',
): ObjectProperties {
  const prefix = dialect === 's3' ? 'x-amz-' : 'x-jss-'
  const storageClass = (one(req, `${prefix}storage-class`) ?? 'STANDARD').trim()
  if (!STORAGE_CLASSES.includes(storageClass)) {
    throw dialect === 's3'
      ? serviceError(
          400,
          'InvalidStorageClass',
          `The storage class you specified is not valid: ${storageClass} (STANDARD or REDUCED_REDUNDANCY).`,
        )
      : serviceError(400, 'InvalidArgument', `Invalid x-jss-storage-class: ${storageClass}`)
  }
  const serverSideEncryption = readEncryption(req, dialect)
  const metadata: Record<string, string> = {}
  const metaPrefix = `${prefix}meta-`
  for (const [name, value] of Object.entries(req.headersDistinct)) {
    if (name.startsWith(metaPrefix) && value) {
      metadata[name.slice(metaPrefix.length)] = value.join(',').trim()
    }
  }
  return {
    contentType: one(req, 'content-type') ?? 'application/octet-stream',
    storageClass,
    serverSideEncryption,
    cacheControl: one(req, 'cache-control') ?? null,
    metadata,
  }
}

/**
 * Parses a count parameter (`max-keys`, `max-parts`, …): default when absent, capped at `max`,
 * 400 InvalidArgument when not a non-negative integer.
 */
export function parseCount(
  query: URLSearchParams,
  names: readonly string[],
  fallback: number,
  max: number,
): number {
  const name = names.find((n) => query.has(n))
  if (name === undefined) return fallback
  const text = query.get(name) ?? ''
  if (!/^\d{1,15}$/.test(text)) {
    throw serviceError(400, 'InvalidArgument', `${name} must be a non-negative integer.`)
  }
  return Math.min(Number(text), max)
}

/** An optional query parameter; `null` when absent or empty. */
export function optionalParam(query: URLSearchParams, name: string): string | null {
  const value = query.get(name)
  return value === null || value === '' ? null : value
}
