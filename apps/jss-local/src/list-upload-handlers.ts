import { PART_LIMITS } from '@jss/signer'
import { compareUtf8 } from './disk-store.js'
import { type HandlerContext, httpDate, requireBucket } from './handler-context.js'
import { requireUpload } from './multipart-handlers.js'
import { optionalParam, parseCount } from './request-headers.js'
import { sendJson, sendXml } from './respond.js'
import { isoDate, S3_NAMESPACE } from './s3-xml.js'

/** GET ?uploadId: a page of parts (S3: XML ListPartsResult). */
export async function listParts(context: HandlerContext): Promise<void> {
  const upload = await requireUpload(context)
  const { query } = context.target
  const maxParts = parseCount(query, ['max-parts'], 1000, PART_LIMITS.maxParts)
  const marker = parseCount(query, ['part-number-marker'], 0, Number.MAX_SAFE_INTEGER)
  const after = (await context.store.listParts(upload.uploadId)).filter(
    (p) => p.partNumber > marker,
  )
  const page = after.slice(0, maxParts)
  const hasNext = after.length > page.length
  if (context.dialect === 's3') {
    sendXml(context.res, 200, 'ListPartsResult', {
      '@_xmlns': S3_NAMESPACE,
      Bucket: upload.bucket,
      Key: upload.key,
      UploadId: upload.uploadId,
      PartNumberMarker: marker,
      NextPartNumberMarker: page.at(-1)?.partNumber ?? marker,
      MaxParts: maxParts,
      IsTruncated: hasNext,
      Part: page.map((p) => ({
        PartNumber: p.partNumber,
        LastModified: isoDate(p.lastModified),
        ETag: `"${p.etag}"`,
        Size: p.size,
      })),
      StorageClass: upload.storageClass,
    })
    return
  }
  sendJson(context.res, 200, {
    Bucket: upload.bucket,
    Key: upload.key,
    UploadId: upload.uploadId,
    StorageClass: upload.storageClass,
    Part: page.map((p) => ({
      PartNumber: p.partNumber,
      LastModified: httpDate(p.lastModified),
      ETag: p.etag,
      Size: p.size,
    })),
    PartNumberMarker: marker,
    NextPartNumberMarker: hasNext ? (page.at(-1)?.partNumber ?? null) : null,
    MaxParts: maxParts,
    HasNext: hasNext,
  })
}

/** GET bucket?uploads: a page of open uploads (S3: XML ListMultipartUploadsResult). */
export async function listMultipartUploads(context: HandlerContext): Promise<void> {
  const bucket = await requireBucket(context)
  const { query } = context.target
  const prefix = optionalParam(query, 'prefix')
  const keyMarker = optionalParam(query, 'key-marker')
  const uploadIdMarker = optionalParam(query, 'upload-id-marker')
  const maxUploads = parseCount(query, ['max-uploads'], 1000, 10_000)
  let uploads = (await context.store.listUploads(bucket)).filter(
    (u) => prefix === null || u.key.startsWith(prefix),
  )
  if (keyMarker !== null) {
    const at =
      uploadIdMarker === null
        ? -1
        : uploads.findIndex((u) => u.key === keyMarker && u.uploadId === uploadIdMarker)
    uploads =
      at >= 0 ? uploads.slice(at + 1) : uploads.filter((u) => compareUtf8(u.key, keyMarker) > 0)
  }
  const page = uploads.slice(0, maxUploads)
  const hasNext = uploads.length > page.length
  const last = page.at(-1)
  if (context.dialect === 's3') {
    sendXml(context.res, 200, 'ListMultipartUploadsResult', {
      '@_xmlns': S3_NAMESPACE,
      Bucket: bucket,
      KeyMarker: keyMarker ?? '',
      UploadIdMarker: uploadIdMarker ?? '',
      NextKeyMarker: hasNext && last ? last.key : undefined,
      NextUploadIdMarker: hasNext && last ? last.uploadId : undefined,
      Prefix: prefix ?? '',
      MaxUploads: maxUploads,
      IsTruncated: hasNext,
      Upload: page.map((u) => ({
        Key: u.key,
        UploadId: u.uploadId,
        Initiated: isoDate(u.initiated),
        StorageClass: u.storageClass,
      })),
    })
    return
  }
  sendJson(context.res, 200, {
    Bucket: bucket,
    Prefix: prefix,
    Upload: page.map((u) => ({
      Key: u.key,
      UploadId: u.uploadId,
      Initiated: httpDate(u.initiated),
      'Enable-Encryption': u.serverSideEncryption,
      StorageClass: u.storageClass,
    })),
    NextKeyMarker: hasNext && last ? last.key : null,
    NextUploadIdMarker: hasNext && last ? last.uploadId : null,
    HasNext: hasNext,
  })
}
