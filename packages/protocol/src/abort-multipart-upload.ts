import { buildTarget } from './addressing.js'
import type { CallOptions } from './client-options.js'
import { execute } from './execute.js'
import type { MultipartUpload } from './operation-types.js'
import { goneAfterLostAnswer } from './recover-idempotent.js'
import type { ClientContext } from './send-once.js'
import { checkSignal, requireBucket, requireKey, requireParams, requireString } from './validate.js'

/** `DELETE /key?uploadId=ID`: aborts an upload and drops its parts. */
export async function abortMultipartUpload(
  ctx: ClientContext,
  params: MultipartUpload,
  options: CallOptions = {},
): Promise<void> {
  requireParams(params, 'abortMultipartUpload')
  requireBucket(params.bucket)
  requireKey(params.key)
  requireString(params.uploadId, 'uploadId')
  checkSignal(options.signal)
  const target = buildTarget(ctx.options.endpoint, ctx.options.addressing, {
    bucket: params.bucket,
    key: params.key,
    query: { uploadId: params.uploadId },
  })
  await execute(
    ctx,
    { operation: 'abortMultipartUpload', method: 'DELETE', target, parse: async () => undefined },
    { signal: options.signal, recover: goneAfterLostAnswer('NoSuchUpload') },
  )
}
