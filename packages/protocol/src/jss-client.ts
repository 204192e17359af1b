import type { CallOptions } from './client-options.js'
import type {
  CompletedUpload,
  CompleteMultipartUploadParams,
  GetObjectParams,
  GetObjectResult,
  InitiateMultipartUploadParams,
  ListBucketsParams,
  ListBucketsResult,
  ListMultipartUploadsPage,
  ListMultipartUploadsParams,
  ListObjectsPage,
  ListObjectsParams,
  ListPartsPage,
  ListPartsParams,
  MultipartUpload,
  ObjectInfo,
  ObjectRef,
  ObjectSummary,
  Part,
  PresignParams,
  PutObjectParams,
  UploadPartParams,
  UploadSummary,
} from './operation-types.js'

/**
 * A JSS client: one method per operation, each `(params, { signal? })`. ETags are unquoted lowercase
 * hex everywhere. Create it with `createClient`.
 */
export interface JssClient {
  /** The endpoint, as given. */
  readonly endpoint: string
  /** The addressing in use. */
  readonly addressing: 'virtual-host' | 'path'
  /** The wire protocol in use (`ClientOptions.dialect`). */
  readonly dialect: 'jss' | 's3'
  /** The SigV4 region (`dialect: 's3'`); `undefined` for JSS. */
  readonly region: string | undefined
  /**
   * The ETag a multipart object of parts with these ETags (unquoted hex, in part order) has in this
   * client's dialect: `multipartEtag` (JSS) or `s3MultipartEtag` (S3, `<hex>-N`). No I/O.
   */
  multipartEtag(partEtags: readonly string[]): string
  /** Milliseconds added to the local clock when signing (learned from RequestTimeTooSkewed). */
  readonly clockOffset: number
  /**
   * The server's clock minus the local one, in milliseconds, from the `Date` header of the latest
   * answer (to about half a second); 0 before any. Times the server states (an upload's
   * `initiated`) compare with `Date.now() + serverOffset`.
   * @default 0
   */
  readonly serverOffset: number
  /** Starts a multipart upload (`POST /key?uploads`). Retried; strays of lost answers are aborted. */
  initiateMultipartUpload(
    params: InitiateMultipartUploadParams,
    options?: CallOptions,
  ): Promise<MultipartUpload>
  /**
   * Uploads or replaces one part (`PUT /key?partNumber=N&uploadId=ID`). With `contentMd5`, the
   * returned ETag must equal it: a different one is retried (the data was corrupted on the way) and,
   * when the attempts run out, rejects with `JssIntegrityError` (`JSS_ERR_INTEGRITY`, `expected` the
   * MD5, `actual` the ETag). Without `contentMd5` the ETag is returned unchecked. This is the only
   * ETag check of a part: callers (e.g. `@jss/stream`) do not check again.
   */
  uploadPart(params: UploadPartParams, options?: CallOptions): Promise<{ etag: string }>
  /**
   * Completes an upload (`POST /key?uploadId=ID`). The answer's ETag must be the multipart ETag of
   * the given parts' ETags in the client's dialect (`multipartEtag`; S3: `s3MultipartEtag`): a
   * different one rejects with `JssIntegrityError` (`JSS_ERR_INTEGRITY`, not retried). In S3 a 200
   * answer that carries an `<Error>` is that error, retried and recovered like it. The answer carries no size, so `expectedSize` is checked only
   * when an answer was lost (or a retry met NoSuchUpload): the call then succeeds only if HEAD shows
   * the expected ETag and size, and otherwise rejects with the attempt's own error.
   */
  completeMultipartUpload(
    params: CompleteMultipartUploadParams,
    options?: CallOptions,
  ): Promise<CompletedUpload>
  /** Aborts an upload and drops its parts (`DELETE /key?uploadId=ID`). */
  abortMultipartUpload(params: MultipartUpload, options?: CallOptions): Promise<void>
  /** One page of an upload's parts. */
  listParts(params: ListPartsParams, options?: CallOptions): Promise<ListPartsPage>
  /** Every part of an upload, across pages. */
  paginateParts(params: ListPartsParams, options?: CallOptions): AsyncIterable<Part>
  /** One page of a bucket's open uploads. */
  listMultipartUploads(
    params: ListMultipartUploadsParams,
    options?: CallOptions,
  ): Promise<ListMultipartUploadsPage>
  /** Every open upload of a bucket, across pages. */
  paginateMultipartUploads(
    params: ListMultipartUploadsParams,
    options?: CallOptions,
  ): AsyncIterable<UploadSummary>
  /**
   * Stores a whole object (`PUT /key`). With `contentMd5`, the returned ETag must equal it: a
   * different one is retried and, when the attempts run out, rejects with `JssIntegrityError`
   * (`JSS_ERR_INTEGRITY`). Without `contentMd5` the ETag is returned unchecked.
   */
  putObject(params: PutObjectParams, options?: CallOptions): Promise<{ etag: string }>
  /** Reads an object (optionally a range). Retried until the headers arrive; the body is not replayed. */
  getObject(params: GetObjectParams, options?: CallOptions): Promise<GetObjectResult>
  /** The facts of an object (`HEAD /key`). */
  headObject(params: ObjectRef, options?: CallOptions): Promise<ObjectInfo>
  /** Deletes an object; NoSuchKey when missing (S3: no error, the service answers 204). */
  deleteObject(params: ObjectRef, options?: CallOptions): Promise<void>
  /** Creates a bucket. */
  createBucket(params: { bucket: string }, options?: CallOptions): Promise<void>
  /**
   * Deletes an empty bucket (`DELETE /` on the bucket). One that holds objects or open uploads
   * rejects with BucketNotEmpty (409); a missing one with NoSuchBucket (404), unless an earlier
   * attempt's answer was lost: then the retry's NoSuchBucket means that attempt deleted it (success).
   */
  deleteBucket(params: { bucket: string }, options?: CallOptions): Promise<void>
  /**
   * Every bucket of the credentials (`GET /` on the service endpoint, whatever the addressing):
   * `{ buckets: [{ name, creationDate }], owner? }`. The params may be left out.
   */
  listBuckets(params?: ListBucketsParams, options?: CallOptions): Promise<ListBucketsResult>
  /**
   * One page of a bucket's objects (S3: ListObjectsV2; the page's `nextContinuationToken` goes back
   * as `continuationToken`).
   */
  listObjects(params: ListObjectsParams, options?: CallOptions): Promise<ListObjectsPage>
  /** Every object of a bucket (or prefix), across pages. */
  paginateObjects(params: ListObjectsParams, options?: CallOptions): AsyncIterable<ObjectSummary>
  /** A presigned URL for one object, by the corrected clock. No I/O. */
  presign(params: PresignParams): Promise<string>
  /** Waits for requests in flight, then closes the connections (a caller's dispatcher stays open). */
  close(): Promise<void>
  /** Closes every connection now; requests in flight fail with JSS_ERR_CLIENT_CLOSED. */
  destroy(): Promise<void>
}
