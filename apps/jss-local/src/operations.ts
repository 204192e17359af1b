/** The operations jss-local serves; also the scopes of fault rules and keys of the counters. */
export const OPERATIONS = [
  'initiateMultipartUpload',
  'uploadPart',
  'completeMultipartUpload',
  'abortMultipartUpload',
  'listParts',
  'listMultipartUploads',
  'putObject',
  'getObject',
  'headObject',
  'deleteObject',
  'createBucket',
  'deleteBucket',
  'listObjects',
  'listBuckets',
] as const

/** One operation name. */
export type Operation = (typeof OPERATIONS)[number]

/** Short names accepted in fault specs besides the full operation names. */
export const OPERATION_ALIASES: Readonly<Record<string, Operation>> = {
  initiate: 'initiateMultipartUpload',
  complete: 'completeMultipartUpload',
  abort: 'abortMultipartUpload',
  listUploads: 'listMultipartUploads',
  putBucket: 'createBucket',
}

/** Resolves an operation name or alias, or `undefined`. */
export function resolveOperation(name: string): Operation | undefined {
  if ((OPERATIONS as readonly string[]).includes(name)) return name as Operation
  return OPERATION_ALIASES[name]
}
