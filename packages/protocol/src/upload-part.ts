import { buildTarget } from './addressing.js'
import type { CallOptions } from './client-options.js'
import { JssIntegrityError } from './errors.js'
import { execute } from './execute.js'
import { requireEtag } from './object-headers.js'
import type { UploadPartParams } from './operation-types.js'
import type { ClientContext } from './send-once.js'
import {
  checkSignal,
  normalizeMd5,
  requireBody,
  requireBucket,
  requireInteger,
  requireKey,
  requireParams,
  requireString,
} from './validate.js'

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

/** `PUT /key?partNumber=N&uploadId=ID`: uploads (or replaces) one part; returns its ETag. */
export async function uploadPart(
  ctx: ClientContext,
  params: UploadPartParams,
  options: CallOptions = {},
): Promise<{ etag: string }> {
  requireParams(params, 'uploadPart')
  requireBucket(params.bucket)
  requireKey(params.key)
  requireString(params.uploadId, 'uploadId')
  requireInteger(params.partNumber, 'partNumber', 1)
  requireBody(params.body, 'body')
  const md5 = normalizeMd5(params.contentMd5, 'contentMd5')
  checkSignal(options.signal)
  const target = buildTarget(ctx.options.endpoint, ctx.options.addressing, {
    bucket: params.bucket,
    key: params.key,
    query: { partNumber: params.partNumber, uploadId: params.uploadId },
  })
  const etag = await execute(
    ctx,
    {
      operation: 'uploadPart',
      method: 'PUT',
      target,
      headers: md5 === undefined ? {} : { 'content-md5': md5 },
      body: params.body,
      parse: async (res) => checkEtag(requireEtag(res), md5, target.resource, res.requestId),
    },
    { signal: options.signal },
  )
  return { etag }
}
