import { defineOperation, type Operation } from './define-operation.js'
import { JssIntegrityError } from './errors.js'
import { requireEtag } from './object-headers.js'
import type { UploadPartParams } from './operation-types.js'
import type { JssResponse } from './response.js'
import { normalizeMd5, requireBody, requireInteger, requireString } from './validate.js'

/** Checks an ETag against the MD5 the caller gave; a mismatch is retried like a transient fault. */
export function checkEtag(
  etag: string,
  md5: string | undefined,
  resource: string,
  requestId: string | undefined,
): string {
  if (md5 !== undefined && etag !== md5) {
    throw new JssIntegrityError(
      `The ETag of ${resource} is ${etag} but the data sent has MD5 ${md5}: the data was corrupted on the way.`,
      { resource, requestId, expected: md5, actual: etag, retryable: true },
    )
  }
  return etag
}

/** The ETag of a PUT's answer, checked against `contentMd5` when the caller gave one. */
export function readCheckedEtag(res: JssResponse, contentMd5: unknown): { etag: string } {
  const md5 = normalizeMd5(contentMd5, 'contentMd5')
  return { etag: checkEtag(requireEtag(res), md5, res.resource, res.requestId) }
}

/** `PUT /key?partNumber=N&uploadId=ID`: uploads (or replaces) one part; returns its ETag. */
export const uploadPart: Operation<UploadPartParams, { etag: string }> = defineOperation<
  UploadPartParams,
  { etag: string }
>({
  name: 'uploadPart',
  method: 'PUT',
  scope: 'object',
  validate: (params) => {
    requireString(params.uploadId, 'uploadId')
    requireInteger(params.partNumber, 'partNumber', 1)
    requireBody(params.body, 'body')
  },
  target: (params) => ({
    bucket: params.bucket,
    key: params.key,
    query: { partNumber: params.partNumber, uploadId: params.uploadId },
  }),
  headers: (params, dialect) => {
    const md5 = normalizeMd5(params.contentMd5, 'contentMd5')
    return md5 === undefined ? {} : { 'content-md5': dialect.contentMd5(md5) }
  },
  body: (params) => params.body,
  parse: async (res, { params }) => readCheckedEtag(res, params.contentMd5),
})
