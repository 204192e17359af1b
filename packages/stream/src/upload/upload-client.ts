import type { JssClient, ObjectSettings } from '@jss/protocol'

/** What the object is stored with; passed to initiate (multipart) or to the single PUT. */
export type ObjectAttributes = ObjectSettings

/**
 * The methods of `JssClient` (from `@jss/protocol`) that `uploadStream` uses, and the only ones it
 * calls: a `JssClient` is one.
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
