import type { Readable } from 'node:stream'
import { defineOperation, type Operation } from './define-operation.js'
import { JssInvalidArgumentError } from './errors.js'
import { objectInfo, settingsHeaders } from './object-headers.js'
import type {
  GetObjectParams,
  GetObjectResult,
  ObjectInfo,
  ObjectRef,
  PutObjectParams,
} from './operation-types.js'
import { goneAfterLostAnswer } from './recover-idempotent.js'
import { readCheckedEtag } from './upload-part.js'
import { normalizeMd5, requireBody } from './validate.js'

/** The bucket and key of an object request, without a query. */
function objectWhere(params: ObjectRef): { bucket: string; key: string } {
  return { bucket: params.bucket, key: params.key }
}

/** The `Range` header of a ranged read (validated), or none. */
function rangeHeaders(range: GetObjectParams['range']): Record<string, string> {
  if (range === undefined) return {}
  const { start, end } = range
  if (
    !Number.isSafeInteger(start) ||
    start < 0 ||
    (end !== undefined && (!Number.isSafeInteger(end) || end < start))
  ) {
    throw new JssInvalidArgumentError('range must be { start ≥ 0, end ≥ start? } in whole bytes')
  }
  return { range: `bytes=${start}-${end ?? ''}` }
}

/** `PUT /key`: stores a whole object (at most 5 GiB); returns its ETag. */
export const putObject: Operation<PutObjectParams, { etag: string }> = defineOperation<
  PutObjectParams,
  { etag: string }
>({
  name: 'putObject',
  method: 'PUT',
  scope: 'object',
  validate: (params) => requireBody(params.body, 'body'),
  target: objectWhere,
  headers: (params, dialect) => {
    const md5 = normalizeMd5(params.contentMd5, 'contentMd5')
    const headers = settingsHeaders(params, dialect)
    if (md5 !== undefined) headers['content-md5'] = dialect.contentMd5(md5)
    return headers
  },
  body: (params) => params.body,
  parse: async (res, { params }) => readCheckedEtag(res, params.contentMd5),
})

/** `HEAD /key`: the object's size, ETag, type, date, storage class and metadata. */
export const headObject: Operation<ObjectRef, ObjectInfo> = defineOperation<ObjectRef, ObjectInfo>({
  name: 'headObject',
  method: 'HEAD',
  scope: 'object',
  target: objectWhere,
  parse: async (res, { ctx }) => objectInfo(res, ctx.options.dialect),
})

/** `GET /key` (optionally ranged): the object's facts and its body as a stream. */
export const getObject: Operation<GetObjectParams, GetObjectResult> = defineOperation<
  GetObjectParams,
  GetObjectResult
>({
  name: 'getObject',
  method: 'GET',
  scope: 'object',
  target: objectWhere,
  headers: (params) => rangeHeaders(params.range),
  keepBody: true,
  parse: async (res, { ctx }) => ({
    ...objectInfo(res, ctx.options.dialect),
    body: res.body as Readable,
    contentRange: res.headers['content-range'],
  }),
})

/**
 * `DELETE /key`. A missing key is NoSuchKey, except after a lost answer to an earlier attempt (S3
 * answers 204 for a missing key: no error).
 */
export const deleteObject: Operation<ObjectRef, void> = defineOperation<ObjectRef, void>({
  name: 'deleteObject',
  method: 'DELETE',
  scope: 'object',
  target: objectWhere,
  parse: async () => undefined,
  recover: () => goneAfterLostAnswer('NoSuchKey'),
})
