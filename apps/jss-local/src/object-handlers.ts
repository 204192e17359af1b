import type { FileHandle } from 'node:fs/promises'
import { open } from 'node:fs/promises'
import { JssLocalTruncatedBlobError, serviceError } from './errors.js'
import {
  type HandlerContext,
  httpDate,
  requireBucket,
  requireKey,
  shownEtag,
} from './handler-context.js'
import { isNotFound } from './json-file.js'
import { parseRange } from './parse-range.js'
import { receiveBody } from './receive-body.js'
import type { ObjectRecord } from './records.js'
import { checkContentMd5, readObjectProperties } from './request-headers.js'
import { sendEmpty } from './respond.js'
import { openUploadBody } from './s3-body.js'
import { overrideParam, propertyHeaders, putHeaders } from './s3-headers.js'
import { sendCut } from './send-cut.js'
import { sendSegments } from './send-segments.js'

/** PUT object: streams the body to disk, checks Content-MD5, replaces atomically. */
export async function putObject(context: HandlerContext): Promise<void> {
  const { req, res, store, limits } = context
  const bucket = await requireBucket(context)
  const key = requireKey(context)
  const properties = readObjectProperties(req, context.dialect)
  const { open, length, verify } = openUploadBody(context)
  if (length > limits.maxPartSize) {
    throw serviceError(
      400,
      'EntityTooLarge',
      `Your proposed upload exceeds ${limits.maxPartSize} bytes.`,
    )
  }
  const received = await receiveBody(open(), {
    tmpDir: store.tmpDir,
    length,
    pool: context.hashPool,
    idleTimeoutMs: limits.bodyIdleTimeoutMs,
  })
  try {
    verify()
    checkContentMd5(req, received.md5, context.dialect)
  } catch (error) {
    await store.discard(received)
    throw error
  }
  const record = {
    ...properties,
    bucket,
    key,
    size: received.size,
    etag: received.md5,
    lastModified: context.now(),
  }
  await store.putObject(record, received)
  sendEmpty(res, 200, { etag: `"${shownEtag(context, record.etag)}"`, ...putHeaders(context) })
}

/** DELETE object: 204, or 404 NoSuchKey (the S3 dialect answers 204 for a missing key, like S3). */
export async function deleteObject(context: HandlerContext): Promise<void> {
  const bucket = await requireBucket(context)
  const key = requireKey(context)
  if (!(await context.store.deleteObject(bucket, key)) && context.dialect === 'jss') {
    throw serviceError(404, 'NoSuchKey', 'The specified key does not exist.')
  }
  sendEmpty(context.res, 204)
}

const OVERRIDES: Readonly<Record<string, string>> = {
  contentType: 'content-type',
  contentLanguage: 'content-language',
  cacheControl: 'cache-control',
  contentDisposition: 'content-disposition',
  contentEncoding: 'content-encoding',
}

function objectHeaders(context: HandlerContext, record: ObjectRecord): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': record.contentType,
    etag: `"${shownEtag(context, record.etag)}"`,
    'last-modified': httpDate(record.lastModified),
    'accept-ranges': 'bytes',
    ...propertyHeaders(context.dialect, record),
  }
  if (record.cacheControl !== null) headers['cache-control'] = record.cacheControl
  for (const [param, header] of Object.entries(OVERRIDES)) {
    const value = context.target.query.get(overrideParam(context.dialect, param))
    if (value !== null && value !== '') headers[header] = value
  }
  return headers
}

/**
 * Opens the blobs of the segments that hold bytes `start` to `end` (a ranged GET of a large
 * multipart object opens one or two, not all): the handles keep them readable should the object
 * be replaced meanwhile. `undefined` when one is gone (a concurrent replace deleted it).
 */
async function openSegments(
  context: HandlerContext,
  record: ObjectRecord,
  { start, end }: { start: number; end: number },
): Promise<(FileHandle | undefined)[] | undefined> {
  const handles: (FileHandle | undefined)[] = []
  let offset = 0
  try {
    for (const segment of record.segments) {
      const holds = offset <= end && offset + segment.size - 1 >= start
      offset += segment.size
      handles.push(holds ? await open(context.store.blobPath(segment.blob)) : undefined)
    }
    return handles
  } catch (error) {
    await closeAll(handles)
    if (isNotFound(error)) return undefined
    throw error
  }
}

async function* readSegments(
  record: ObjectRecord,
  handles: readonly (FileHandle | undefined)[],
  start: number,
  end: number,
): AsyncGenerator<Buffer> {
  let offset = 0
  for (const [index, segment] of record.segments.entries()) {
    const from = Math.max(start - offset, 0)
    const to = Math.min(end - offset, segment.size - 1)
    offset += segment.size
    if (from > to) continue
    const stream = handles[index]!.createReadStream({
      start: from,
      end: to,
      autoClose: false,
      highWaterMark: 1024 * 1024,
    })
    let read = 0
    for await (const chunk of stream) {
      read += (chunk as Buffer).length
      yield chunk as Buffer
    }
    // A blob truncated on disk ends early: fail, so that the connection is destroyed instead of
    // leaving the client waiting for the bytes Content-Length promised.
    if (read < to - from + 1)
      throw new JssLocalTruncatedBlobError(segment.blob, to - from + 1, read)
  }
}

async function closeAll(handles: readonly (FileHandle | undefined)[]): Promise<void> {
  await Promise.all(handles.map((h) => h?.close().catch(() => undefined)))
}

/** GET and HEAD object, with a single Range (206, or 416 InvalidRange). */
export async function getObject(context: HandlerContext): Promise<void> {
  const { req, res } = context
  const bucket = await requireBucket(context)
  const key = requireKey(context)
  let range: ReturnType<typeof parseRange> | undefined
  const { record, handles } = await openObject(context, bucket, key, (found) => {
    range = parseRange(req.headers.range, found.size)
    if (range === 'unsatisfiable') return undefined
    return { start: range?.start ?? 0, end: range?.end ?? found.size - 1 }
  })
  const headers = objectHeaders(context, record)
  if (range === 'unsatisfiable') {
    await closeAll(handles)
    const error = serviceError(416, 'InvalidRange', 'The requested range is not satisfiable.')
    res.setHeader('content-range', `bytes */${record.size}`)
    throw error
  }
  const start = range?.start ?? 0
  const end = range?.end ?? record.size - 1
  const length = Math.max(end - start + 1, 0)
  headers['content-length'] = String(length)
  if (range) headers['content-range'] = `bytes ${start}-${end}/${record.size}`
  try {
    res.writeHead(range ? 206 : 200, headers)
    await sendObjectBody(context, record, handles, { start, end, length })
  } finally {
    await closeAll(handles)
  }
}

/**
 * Reads the object's record and opens the blobs of the bytes `span` picks from it (asked for
 * HEAD too; nothing is opened for HEAD or without a span): 404 NoSuchKey, or 500 when a concurrent replace deleted the blobs between
 * reading the record and opening them, five times.
 */
async function openObject(
  context: HandlerContext,
  bucket: string,
  key: string,
  span: (record: ObjectRecord) => { start: number; end: number } | undefined,
): Promise<{ record: ObjectRecord; handles: (FileHandle | undefined)[] }> {
  let record: ObjectRecord | undefined
  let handles: (FileHandle | undefined)[] | undefined
  for (let attempt = 0; attempt < 5 && !handles; attempt++) {
    record = await context.store.getObject(bucket, key)
    if (!record) throw serviceError(404, 'NoSuchKey', 'The specified key does not exist.')
    const bytes = span(record)
    const read = bytes !== undefined && context.req.method !== 'HEAD'
    handles = read ? await openSegments(context, record, bytes) : []
  }
  if (!record || !handles) throw serviceError(500, 'InternalError', 'The object kept changing.')
  return { record, handles }
}

/** Sends the bytes `start` to `end` of the object (nothing for HEAD), cut short by a `cut` fault. */
async function sendObjectBody(
  context: HandlerContext,
  record: ObjectRecord,
  handles: readonly (FileHandle | undefined)[],
  { start, end, length }: { start: number; end: number; length: number },
): Promise<void> {
  const { req, res, fault } = context
  if (req.method !== 'HEAD' && fault?.kind === 'cut') {
    const body = readSegments(record, handles, start, end)
    await sendCut(res, body, length, Math.floor(fault.fraction * length))
  } else if (req.method === 'HEAD' || length === 0) res.end()
  else await sendSegments(res, record.segments, handles, start, end)
}
