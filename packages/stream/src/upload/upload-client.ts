import type { JssClient, ObjectSettings } from '@jss/protocol'

/** What the object is stored with; passed to initiate (multipart) or to the single PUT. */
export type ObjectAttributes = ObjectSettings

/**
 * The methods of `JssClient` (from `@jss/protocol`) that `uploadStream` uses, and the only ones it
 * calls: a `JssClient` is one.
 *
 * ETags are verified in this layer, not by `uploadStream` (which returns the ETags it computed and
 * trusts a call that resolves). Another implementation must verify them the same way:
 * - `uploadPart` and `putObject`, given `contentMd5` (lowercase hex), resolve only when the returned
 *   ETag is that MD5, and otherwise reject (`JssIntegrityError` of `@jss/protocol`, code
 *   `JSS_ERR_INTEGRITY`; retrying first is allowed);
 * - `completeMultipartUpload` resolves only when the object's ETag is the multipart ETag of the
 *   `parts` given in the store's rule (`client.multipartEtag`: JSS's, or S3's `<hex>-N`) and, with
 *   `expectedSize`, its size is that; otherwise it rejects (`JssIntegrityError`). Its `etag` is
 *   the upload's result.
 * A rejection fails the upload, which then aborts the multipart upload (unless `journal` or
 * `leavePartsOnError` keep it).
 */
export type UploadClient = Pick<
  JssClient,
  | 'initiateMultipartUpload'
  | 'uploadPart'
  | 'completeMultipartUpload'
  | 'abortMultipartUpload'
  | 'paginateParts'
  | 'putObject'
>
