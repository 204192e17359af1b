export { type Credentials, encodeKey } from '@jss/signer'
export type { Addressing } from './addressing.js'
export type {
  CallOptions,
  ClientCredentials,
  ClientOptions,
  RequestEvent,
  RetryOptions,
  TimeoutOptions,
} from './client-options.js'
export { createClient } from './create-client.js'
export { type DialectName, s3MultipartEtag } from './dialect.js'
export {
  isServiceError,
  JssBodyError,
  JssError,
  type JssErrorCode,
  JssIntegrityError,
  JssInvalidArgumentError,
  type JssProtocolErrorCode,
  JssRequestError,
  type JssRequestFacts,
  JssResponseError,
  JssServiceError,
  type JssServiceErrorCode,
  JssTransportError,
  type JssTransportErrorCode,
} from './errors.js'
export type { JssClient } from './jss-client.js'
export { multipartEtag } from './multipart-etag.js'
export type {
  BucketOwner,
  BucketSummary,
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
  ObjectSettings,
  ObjectSummary,
  Part,
  PartRef,
  PresignParams,
  PutObjectParams,
  StorageClass,
  UploadPartParams,
  UploadSummary,
} from './operation-types.js'
export { PART_LIMITS, type PartLimits } from './part-limits.js'
export { DEFAULTS } from './resolve-options.js'
export type { RequestBody } from './send-once.js'
export type { StreamedBody } from './streamed-body.js'
export { USER_AGENT } from './user-agent.js'
