import { buildTarget } from './addressing.js'
import type { CallOptions } from './client-options.js'
import { execute } from './execute.js'
import { goneAfterLostAnswer } from './recover-idempotent.js'
import type { ClientContext } from './send-once.js'
import { checkSignal, requireBucket, requireParams } from './validate.js'

/** `PUT /` on the bucket: creates it. An existing bucket is BucketAlreadyOwnedByYou / BucketAlreadyExists. */
export async function createBucket(
  ctx: ClientContext,
  params: { bucket: string },
  options: CallOptions = {},
): Promise<void> {
  requireParams(params, 'createBucket')
  requireBucket(params.bucket)
  checkSignal(options.signal)
  const target = buildTarget(ctx.options.endpoint, ctx.options.addressing, {
    bucket: params.bucket,
  })
  await execute(
    ctx,
    { operation: 'createBucket', method: 'PUT', target, parse: async () => undefined },
    { signal: options.signal, recover: goneAfterLostAnswer('BucketAlreadyOwnedByYou') },
  )
}
