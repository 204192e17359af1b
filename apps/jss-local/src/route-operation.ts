import { serviceError } from './errors.js'
import type { Operation } from './operations.js'
import type { RequestTarget } from './resolve-target.js'

/**
 * Maps method + target to an operation, or throws 405 MethodNotAllowed.
 * @example routeOperation('PUT', target) // 'uploadPart' when the query has partNumber or uploadId
 */
export function routeOperation(method: string, target: RequestTarget): Operation {
  const { bucket, key, query } = target
  const operation =
    bucket === undefined
      ? routeService(method)
      : key === undefined
        ? routeBucket(method, query)
        : routeObject(method, query)
  if (operation !== undefined) return operation
  throw serviceError(
    405,
    'MethodNotAllowed',
    `The method ${method} is not allowed on this resource.`,
  )
}

/** The operation on the service (`/`), if the method has one. */
function routeService(method: string): Operation | undefined {
  return method === 'GET' ? 'listBuckets' : undefined
}

/** The operation on a bucket, if the method has one. */
function routeBucket(method: string, query: URLSearchParams): Operation | undefined {
  if (method === 'PUT') return 'createBucket'
  if (method === 'GET') return query.has('uploads') ? 'listMultipartUploads' : 'listObjects'
  if (method === 'DELETE') return 'deleteBucket'
  return undefined
}

/** The operation on an object, if the method has one. */
function routeObject(method: string, query: URLSearchParams): Operation | undefined {
  switch (method) {
    case 'POST':
      if (query.has('uploads')) return 'initiateMultipartUpload'
      if (query.has('uploadId')) return 'completeMultipartUpload'
      return undefined
    case 'PUT':
      return query.has('uploadId') || query.has('partNumber') ? 'uploadPart' : 'putObject'
    case 'GET':
      return query.has('uploadId') ? 'listParts' : 'getObject'
    case 'HEAD':
      return 'headObject'
    case 'DELETE':
      return query.has('uploadId') ? 'abortMultipartUpload' : 'deleteObject'
    default:
      return undefined
  }
}
