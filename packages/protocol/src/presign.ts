import { presignUrl } from '@jss/signer'
import { buildTarget } from './addressing.js'
import { JssInvalidArgumentError } from './errors.js'
import type { PresignParams } from './operation-types.js'
import type { ClientContext } from './send-once.js'
import { requireBucket, requireKey, requireParams } from './validate.js'

const METHODS = ['GET', 'PUT', 'HEAD', 'DELETE']

/** A presigned URL for one object, expiring `expiresIn` seconds from now by the corrected clock. */
export async function presign(ctx: ClientContext, params: PresignParams): Promise<string> {
  requireParams(params, 'presign')
  requireBucket(params.bucket)
  requireKey(params.key)
  const method = params.method ?? 'GET'
  if (!METHODS.includes(method))
    throw new JssInvalidArgumentError(`method must be one of ${METHODS.join(', ')}`)
  const expiresIn = params.expiresIn ?? 900
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new JssInvalidArgumentError('expiresIn must be a positive number of seconds')
  }
  const expires = params.expires ?? Math.floor((Date.now() + ctx.clockOffset) / 1000 + expiresIn)
  const target = buildTarget(ctx.options.endpoint, ctx.options.addressing, {
    bucket: params.bucket,
    key: params.key,
  })
  const headers = params.contentType === undefined ? {} : { 'content-type': params.contentType }
  return presignUrl(
    { method, url: target.url, headers, bucket: target.signerBucket, expires },
    ctx.options.credentials,
  )
}
