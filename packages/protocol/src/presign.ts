import { MAX_PRESIGN_EXPIRES, presignUrl, presignUrlSigV4 } from '@jss/signer'
import { buildTarget } from './addressing.js'
import { JssInvalidArgumentError } from './errors.js'
import type { PresignParams } from './operation-types.js'
import type { ClientContext } from './send-once.js'
import { requireBucket, requireKey, requireParams } from './validate.js'

const METHODS = ['GET', 'PUT', 'HEAD', 'DELETE']

/**
 * A presigned URL for one object, expiring `expiresIn` seconds from now by the corrected clock
 * (S3: a SigV4 query signature, valid for at most 7 days from now).
 */
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
  const now = Date.now() + ctx.clockOffset
  const expires = params.expires ?? Math.floor(now / 1000 + expiresIn)
  const target = buildTarget(ctx.options.endpoint, ctx.options.addressing, {
    bucket: params.bucket,
    key: params.key,
  })
  const headers = params.contentType === undefined ? {} : { 'content-type': params.contentType }
  const { dialect } = ctx.options
  if (dialect.name === 's3' && dialect.region !== undefined) {
    const seconds = Math.floor(toEpochSeconds(expires) - now / 1000)
    if (!(seconds >= 1 && seconds <= MAX_PRESIGN_EXPIRES)) {
      throw new JssInvalidArgumentError(
        `a presigned S3 URL is valid from 1 s to 7 days (${MAX_PRESIGN_EXPIRES} s) from now; the expiry asked is ${seconds} s away`,
      )
    }
    const presigned = await presignUrlSigV4(
      { method, url: target.url, headers, expiresIn: seconds },
      ctx.options.credentials,
      { region: dialect.region, date: new Date(now) },
    )
    return presigned.url
  }
  return presignUrl(
    { method, url: target.url, headers, bucket: target.signerBucket, expires },
    ctx.options.credentials,
  )
}

/** An expiry (a Date, or seconds since the epoch) in seconds since the epoch. */
function toEpochSeconds(expires: Date | number): number {
  return expires instanceof Date ? expires.getTime() / 1000 : expires
}
