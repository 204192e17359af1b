import type { Readable } from 'node:stream'
import type { StreamedBody } from './streamed-body.js'

/** `STANDARD` or `REDUCED_REDUNDANCY`. */
export type StorageClass = 'STANDARD' | 'REDUCED_REDUNDANCY'

/** Settings stored with a new object (Initiate and PUT object). */
export interface ObjectSettings {
  /** Stored as the object's Content-Type. @default none (the service's default) @example 'text/csv' */
  contentType?: string | undefined
  /** @default the bucket's (STANDARD) @example 'REDUCED_REDUNDANCY' */
  storageClass?: StorageClass | undefined
  /**
   * Sends `x-jss-server-side-encryption` (S3: `x-amz-server-side-encryption: AES256` when true).
   * @default not sent
   * @example true
   */
  serverSideEncryption?: boolean | undefined
  /** User metadata, sent as `x-jss-meta-<name>` (S3: `x-amz-meta-<name>`). @default {} @example { owner: 'etl' } */
  metadata?: Readonly<Record<string, string>> | undefined
}

/** An object's key in its bucket. */
export interface ObjectRef {
  /** The bucket (3–63 of `a-z`, `0-9`, `-`). Required. @example 'my-bucket' */
  bucket: string
  /** The object key, 1–1022 bytes of UTF-8; sent percent-encoded. Required. @example 'logs/2026-11-22.txt' */
  key: string
}

/** Parameters of `initiateMultipartUpload`: the key and the settings stored with the object. */
export interface InitiateMultipartUploadParams extends ObjectRef, ObjectSettings {}

/** A multipart upload: what `initiateMultipartUpload` returns, and what the other calls take. */
export interface MultipartUpload extends ObjectRef {
  /** The opaque upload id. Required. @example '2f307c5891888a4f66fc5fa35924728c' */
  uploadId: string
}

/** One part to upload. */
export interface UploadPartParams extends MultipartUpload {
  /** 1–10000. Required. @example 1 */
  partNumber: number
  /**
   * The part's bytes, or several chunks sent back to back (never concatenated), or a
   * {@link StreamedBody} read as it is sent (e.g. from a file) and opened afresh for every attempt.
   * Replayed as they are on a retry, so they must not change until the call settles. Required.
   * @example [header, payload]
   * @example { size: 64 * 1024 * 1024, open: () => createReadStream(path, { highWaterMark: 1024 * 1024 }) }
   */
  body: Uint8Array | readonly Uint8Array[] | StreamedBody
  /**
   * Lowercase hex MD5 of the body: sent as Content-MD5, and the returned ETag must equal it.
   * @default none
   * @example '202cb962ac59075b964b07152d234b70'
   */
  contentMd5?: string | undefined
}

/** A part of a completed or listed upload. ETags are unquoted lowercase hex. */
export interface PartRef {
  partNumber: number
  etag: string
}

/** Parameters of `completeMultipartUpload`. */
export interface CompleteMultipartUploadParams extends MultipartUpload {
  /** The parts, ascending by part number (sent as given). Required. @example [{ partNumber: 1, etag: '…' }] */
  parts: readonly PartRef[]
  /**
   * The object's size in bytes. When an answer was lost and the upload is gone, the object is
   * accepted as ours only if its ETag and this size match.
   * @default not checked
   * @example 12_582_912
   */
  expectedSize?: number | undefined
}

/** A completed object. */
export interface CompletedUpload extends ObjectRef {
  /** `multipartEtag(part ETags)` (S3: `s3MultipartEtag`, `<hex>-N`). */
  etag: string
}

/** Parameters of `listParts` and `paginateParts`. */
export interface ListPartsParams extends MultipartUpload {
  /** Parts per page. @default 1000 (the service's) @example 100 */
  maxParts?: number | undefined
  /** List parts after this number (exclusive). @default 0 @example 100 */
  partNumberMarker?: number | undefined
}

/** A stored part. */
export interface Part extends PartRef {
  size: number
  lastModified: Date | undefined
}

/** One page of `listParts`. */
export interface ListPartsPage extends MultipartUpload {
  storageClass: string | undefined
  parts: Part[]
  partNumberMarker: number | undefined
  nextPartNumberMarker: number | undefined
  maxParts: number | undefined
  hasNext: boolean
}

/** Parameters of `listMultipartUploads` and `paginateMultipartUploads`. */
export interface ListMultipartUploadsParams {
  /** Required. @example 'my-bucket' */
  bucket: string
  /** Only keys starting with this. @default '' (all) @example 'logs/' */
  prefix?: string | undefined
  /** Start after this key (with `uploadIdMarker`). @default none @example 'logs/a.txt' */
  keyMarker?: string | undefined
  /** Start after this upload of `keyMarker`. @default none @example '2f30…' */
  uploadIdMarker?: string | undefined
  /** Uploads per page. @default 1000 (the service's) @example 100 */
  maxUploads?: number | undefined
}

/** An open multipart upload. */
export interface UploadSummary {
  key: string
  uploadId: string
  initiated: Date | undefined
  storageClass: string | undefined
  serverSideEncryption: boolean | undefined
}

/** One page of `listMultipartUploads`. */
export interface ListMultipartUploadsPage {
  bucket: string
  prefix: string | undefined
  uploads: UploadSummary[]
  nextKeyMarker: string | undefined
  nextUploadIdMarker: string | undefined
  hasNext: boolean
}

/** Parameters of `putObject`. */
export interface PutObjectParams extends ObjectRef, ObjectSettings {
  /**
   * The object's bytes (at most 5 GiB), or chunks sent back to back, or a {@link StreamedBody}
   * (opened afresh for every attempt). Required.
   * @example bytes
   */
  body: Uint8Array | readonly Uint8Array[] | StreamedBody
  /**
   * Lowercase hex MD5 of the body; sent as Content-MD5, and the returned ETag must equal it.
   * @default none
   * @example '202cb962ac59075b964b07152d234b70'
   */
  contentMd5?: string | undefined
}

/** Parameters of `getObject`. */
export interface GetObjectParams extends ObjectRef {
  /** Inclusive byte range; `end` omitted reads to the end. @default the whole object @example { start: 0, end: 1023 } */
  range?: { start: number; end?: number | undefined } | undefined
}

/** What HEAD tells about an object. */
export interface ObjectInfo {
  contentLength: number
  etag: string
  contentType: string | undefined
  lastModified: Date | undefined
  storageClass: string | undefined
  /** `x-jss-meta-*` (S3: `x-amz-meta-*`) headers, by name without the prefix. */
  metadata: Record<string, string>
}

/** What `getObject` returns. */
export interface GetObjectResult extends ObjectInfo {
  /** The body: consume it or destroy it. */
  body: Readable
  /** `Content-Range` of a ranged read. */
  contentRange: string | undefined
}

/** Parameters of `listObjects` and `paginateObjects`. */
export interface ListObjectsParams {
  /** Required. @example 'my-bucket' */
  bucket: string
  /** Only keys starting with this. @default '' (all) @example 'logs/' */
  prefix?: string | undefined
  /** Start after this key (S3: `start-after`). @default none @example 'logs/a.txt' */
  marker?: string | undefined
  /**
   * S3 dialect only: go on from a page's `nextContinuationToken` (ListObjectsV2's
   * `continuation-token`; `marker` is then ignored by the service). JSS rejects it.
   * @default none
   * @example '1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM='
   */
  continuationToken?: string | undefined
  /** Group keys by this into `commonPrefixes`. @default none @example '/' */
  delimiter?: string | undefined
  /** Keys per page. @default 1000 (the service's) @example 100 */
  maxKeys?: number | undefined
}

/** A listed object. */
export interface ObjectSummary {
  key: string
  etag: string
  size: number
  lastModified: Date | undefined
  storageClass: string | undefined
}

/** One page of `listObjects`. */
export interface ListObjectsPage {
  bucket: string
  prefix: string | undefined
  /** The marker the page starts after (S3: `StartAfter`). */
  marker: string | undefined
  /** The marker of the next page (JSS; S3's ListObjectsV2 has none: see `nextContinuationToken`). */
  nextMarker: string | undefined
  /** S3: the `continuation-token` the page was asked with. */
  continuationToken?: string | undefined
  /** S3: the token of the next page, for `continuationToken`, when `hasNext`. */
  nextContinuationToken?: string | undefined
  delimiter: string | undefined
  maxKeys: number | undefined
  hasNext: boolean
  objects: ObjectSummary[]
  commonPrefixes: string[]
}

/** Parameters of `listBuckets`: none so far (the service lists every bucket of the credentials). */
export type ListBucketsParams = Record<string, never>

/** A listed bucket. */
export interface BucketSummary {
  name: string
  creationDate: Date
}

/** The owner of the listed buckets, when the service names one. */
export interface BucketOwner {
  id: string
  displayName: string | undefined
}

/** What `listBuckets` returns: every bucket, in the service's order (jss-local: by name). */
export interface ListBucketsResult {
  buckets: BucketSummary[]
  /** Absent when the answer has no `Owner` (jss-local sends none). */
  owner?: BucketOwner
}

/** Parameters of `presign`. */
export interface PresignParams extends ObjectRef {
  /** The method the URL is for. @default 'GET' @example 'PUT' */
  method?: 'GET' | 'PUT' | 'HEAD' | 'DELETE' | undefined
  /** Seconds from now (by the corrected clock). @default 900 @example 3600 */
  expiresIn?: number | undefined
  /** Absolute expiry; wins over `expiresIn`. @example new Date('2030-01-01') */
  expires?: Date | number | undefined
  /** For PUT: the Content-Type the URL's user will send (it is signed). @default none @example 'text/csv' */
  contentType?: string | undefined
}
