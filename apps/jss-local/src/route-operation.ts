import { serviceError } from './errors.js'
import type { Operation } from './operations.js'
import type { RequestTarget } from './resolve-target.js'

/**
 * Maps method + target to an operation, or throws 405 MethodNotAllowed.
 * @example routeOperation('PUT', target) // 'uploadPart' when the query has partNumber or uploadId
 */
export function routeOperation(method: string, target: RequestTarget): Operation {
  const { bucket, key, query } = target
  if (bucket === undefined) {
    if (method === 'GET') return 'listBuckets'
  } else if (key === undefined) {
    if (method === 'PUT') return 'createBucket'
    if (method === 'GET') return query.has('uploads') ? 'listMultipartUploads' : 'listObjects'
  } else {
    switch (method) {
      case 'POST':
        if (query.has('uploads')) return 'initiateMultipartUpload'
        if (query.has('uploadId')) return 'completeMultipartUpload'
        break
      case 'PUT':
        return query.has('uploadId') || query.has('partNumber') ? 'uploadPart' : 'putObject'
      case 'GET':
        return query.has('uploadId') ? 'listParts' : 'getObject'
      case 'HEAD':
        return 'headObject'
      case 'DELETE':
        return query.has('uploadId') ? 'abortMultipartUpload' : 'deleteObject'
    }
  }
  throw serviceError(
    405,
    'MethodNotAllowed',
    `The method ${method} is not allowed on this resource.`,
  )
}
