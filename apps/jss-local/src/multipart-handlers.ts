import { createHash } from 'node:crypto'
import { computeMultipartEtag, computeS3MultipartEtag, PART_LIMITS } from '@jss/signer'
import type { Dialect } from './dialect.js'
import { serviceError } from './errors.js'
import { type HandlerContext, requireBucket, requireKey, shownEtag } from './handler-context.js'
import { readCompleteBody } from './read-complete-body.js'
import { receiveBody } from './receive-body.js'
import type { ObjectRecord, PartRecord, UploadRecord } from './records.js'
import { checkContentMd5, readObjectProperties } from './request-headers.js'
import { sendEmpty, sendJson, sendXml } from './respond.js'
import { checkPayloadHash, openUploadBody } from './s3-body.js'
import { putHeaders } from './s3-headers.js'
import { parseCompleteXml, S3_NAMESPACE } from './s3-xml.js'

/** The MD5 of some bytes, lowercase hex. */
function md5Hex(data: Uint8Array): string {
  return createHash('md5').update(data).digest('hex')
}

/**
 * The final ETag: the contract's rule (`computeMultipartEtag` of `@jss/signer`: MD5 of the
 * concatenated lowercase hex part ETags, no `-N` suffix), with node:crypto's MD5.
 */
export function multipartEtag(partEtags: readonly string[]): string {
  return computeMultipartEtag(partEtags, md5Hex)
}

/**
 * The ETag of an object completed in `dialect`: JSS's rule (`multipartEtag`), or S3's
 * (`computeS3MultipartEtag` of `@jss/signer`: MD5 of the binary part MD5s, then `-N`).
 */
export function completedEtag(dialect: Dialect, partEtags: readonly string[]): string {
  return dialect === 's3' ? computeS3MultipartEtag(partEtags, md5Hex) : multipartEtag(partEtags)
}

function noSuchUpload(): Error {
  return serviceError(
    404,
    'NoSuchUpload',
    'The specified multipart upload does not exist. The upload ID might be invalid, or the upload might have been aborted or completed.',
  )
}

function requireUploadId(context: HandlerContext): string {
  const uploadId = context.target.query.get('uploadId') ?? ''
  if (uploadId === '') throw serviceError(400, 'InvalidArgument', 'uploadId must not be empty.')
  return uploadId
}

/** The open upload named by the request, for this bucket and key (404 NoSuchUpload). */
export async function requireUpload(context: HandlerContext): Promise<UploadRecord> {
  const bucket = await requireBucket(context)
  const key = requireKey(context)
  const uploadId = requireUploadId(context)
  const upload = await context.store.getUpload(uploadId)
  if (!upload || upload.bucket !== bucket || upload.key !== key) throw noSuchUpload()
  return upload
}

/** POST ?uploads: 200 {Bucket, Key, UploadId} (S3: XML InitiateMultipartUploadResult). */
export async function initiateMultipartUpload(context: HandlerContext): Promise<void> {
  const bucket = await requireBucket(context)
  const key = requireKey(context)
  const properties = readObjectProperties(context.req, context.dialect)
  const upload = await context.store.createUpload({
    ...properties,
    bucket,
    key,
    initiated: context.now(),
  })
  if (context.dialect === 's3') {
    sendXml(context.res, 200, 'InitiateMultipartUploadResult', {
      '@_xmlns': S3_NAMESPACE,
      Bucket: bucket,
      Key: key,
      UploadId: upload.uploadId,
    })
  } else sendJson(context.res, 200, { Bucket: bucket, Key: key, UploadId: upload.uploadId })
}

function parsePartNumber(context: HandlerContext): number {
  const text = context.target.query.get('partNumber') ?? ''
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1) {
    throw serviceError(
      400,
      'InvalidArgument',
      `partNumber must be an integer from 1 to ${PART_LIMITS.maxParts}.`,
    )
  }
  const partNumber = Number(text)
  const maxPartNumber = Math.min(PART_LIMITS.maxParts, context.limits.maxParts)
  if (partNumber > maxPartNumber) {
    throw serviceError(400, 'TooManyParts', `partNumber must be at most ${maxPartNumber}.`)
  }
  return partNumber
}

/** PUT ?partNumber&uploadId: 200 with the part's ETag. */
export async function uploadPart(context: HandlerContext): Promise<void> {
  const { req, store, limits, counters } = context
  await requireBucket(context)
  requireUploadId(context)
  const partNumber = parsePartNumber(context)
  const upload = await requireUpload(context)
  const { open, length, verify } = openUploadBody(context)
  if (length > limits.maxPartSize) {
    throw serviceError(400, 'EntityTooLarge', `A part is at most ${limits.maxPartSize} bytes.`)
  }
  counters.partsInFlight++
  counters.peakPartsInFlight = Math.max(counters.peakPartsInFlight, counters.partsInFlight)
  try {
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
    const part = await store.putPart(upload.uploadId, partNumber, received, context.now())
    if (!part) throw noSuchUpload()
    sendEmpty(context.res, 200, {
      etag: `"${shownEtag(context, part.etag)}"`,
      ...putHeaders(context),
    })
  } finally {
    counters.partsInFlight--
  }
}

function buildObject(
  context: HandlerContext,
  upload: UploadRecord,
  stored: readonly PartRecord[],
  requested: readonly { partNumber: number; etag: string }[],
): ObjectRecord {
  const { limits } = context
  if (requested.length > limits.maxParts) {
    throw serviceError(400, 'TooManyParts', `An object has at most ${limits.maxParts} parts.`)
  }
  for (let i = 1; i < requested.length; i++) {
    if (requested[i]!.partNumber <= requested[i - 1]!.partNumber) {
      throw serviceError(
        400,
        'InvalidPartOrder',
        'The list of parts was not in ascending order. Parts must be ordered by part number.',
      )
    }
  }
  const byNumber = new Map(stored.map((p) => [p.partNumber, p]))
  const parts = requested.map((r) => {
    const part = byNumber.get(r.partNumber)
    if (!part || part.etag !== r.etag) {
      throw serviceError(
        400,
        'InvalidPart',
        `Part ${r.partNumber} was not uploaded or its ETag does not match.`,
      )
    }
    return part
  })
  for (const part of parts.slice(0, -1)) {
    if (part.size < limits.minPartSize) {
      throw serviceError(
        400,
        'EntityTooSmall',
        `Part ${part.partNumber} is smaller than the minimum ${limits.minPartSize} bytes.`,
      )
    }
  }
  const { uploadId: _id, initiated: _at, ...properties } = upload
  return {
    ...properties,
    size: parts.reduce((sum, p) => sum + p.size, 0),
    etag: completedEtag(
      context.dialect,
      parts.map((p) => p.etag),
    ),
    lastModified: context.now(),
    segments: parts.map((p) => ({ blob: p.blob, size: p.size })),
  }
}

/**
 * POST ?uploadId: 200 {Bucket, Key, ETag}; S3: the XML body is read (same limits) and the answer is
 * XML CompleteMultipartUploadResult, the ETag by S3's rule.
 */
export async function completeMultipartUpload(context: HandlerContext): Promise<void> {
  const upload = await requireUpload(context)
  const requested =
    context.dialect === 's3'
      ? await readCompleteBody(context.req, {
          parse: parseCompleteXml,
          code: 'MalformedXML',
          check: (body) => checkPayloadHash(context, body),
        })
      : await readCompleteBody(context.req)
  const object = await context.store.completeUpload(upload.uploadId, (current, stored) =>
    buildObject(context, current, stored, requested),
  )
  if (!object) throw noSuchUpload()
  const etag = shownEtag(context, object.etag)
  if (context.dialect === 's3') {
    sendXml(context.res, 200, 'CompleteMultipartUploadResult', {
      '@_xmlns': S3_NAMESPACE,
      Location: `http://${context.req.headers.host ?? ''}${context.target.resource.split('/').map(encodeURIComponent).join('/')}`,
      Bucket: object.bucket,
      Key: object.key,
      ETag: `"${etag}"`,
    })
  } else sendJson(context.res, 200, { Bucket: object.bucket, Key: object.key, ETag: etag })
}

/** DELETE ?uploadId: 204. */
export async function abortMultipartUpload(context: HandlerContext): Promise<void> {
  const upload = await requireUpload(context)
  if (!(await context.store.abortUpload(upload.uploadId))) throw noSuchUpload()
  sendEmpty(context.res, 204)
}
