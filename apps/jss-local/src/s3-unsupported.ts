import type { IncomingHttpHeaders } from 'node:http'
import { serviceError } from './errors.js'
import type { RequestTarget } from './resolve-target.js'

/**
 * The S3 sub-resources jss-local does not serve. Without this list a request for one would be
 * routed by its method alone (GET ?location would list the objects): it is refused instead.
 */
const UNSUPPORTED_SUB_RESOURCES: readonly string[] = [
  'accelerate',
  'acl',
  'analytics',
  'attributes',
  'cors',
  'delete',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'location',
  'logging',
  'metadataTable',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'renameObject',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'session',
  'tagging',
  'torrent',
  'versioning',
  'versions',
  'website',
]

function notImplemented(what: string): Error {
  return serviceError(501, 'NotImplemented', `${what} is not implemented by jss-local.`)
}

/**
 * Refuses, with 501 NotImplemented, an S3-dialect request for what jss-local does not serve
 * though its method and path route to an operation: a sub-resource (`?acl`, `?location`,
 * `?tagging`, …), a `versionId` other than `null` (buckets are not versioned), a GET or HEAD of
 * one part (`partNumber`, which would otherwise answer the whole object), and copies
 * (`x-amz-copy-source`: CopyObject, UploadPartCopy), which would otherwise store an empty body.
 */
export function refuseUnsupportedS3(
  method: string,
  target: RequestTarget,
  headers: IncomingHttpHeaders,
): void {
  for (const name of UNSUPPORTED_SUB_RESOURCES) {
    if (target.query.has(name)) throw notImplemented(`The ?${name} sub-resource`)
  }
  const versionId = target.query.get('versionId')
  if (versionId !== null && versionId !== 'null') throw notImplemented('Object versioning')
  if ((method === 'GET' || method === 'HEAD') && target.query.has('partNumber')) {
    throw notImplemented('Reading one part of an object (partNumber)')
  }
  if (headers['x-amz-copy-source'] !== undefined) {
    throw notImplemented('Copying (x-amz-copy-source: CopyObject, UploadPartCopy)')
  }
}
