import { abortMultipartUpload } from './abort-multipart-upload.js'
import { buildTarget } from './addressing.js'
import type { CallOptions } from './client-options.js'
import { execute } from './execute.js'
import { listMultipartUploads } from './list-multipart-uploads.js'
import { settingsHeaders } from './object-headers.js'
import type { InitiateMultipartUploadParams, MultipartUpload } from './operation-types.js'
import { readJson } from './read-json.js'
import type { ClientContext } from './send-once.js'
import { checkSignal, requireBucket, requireKey, requireParams } from './validate.js'

/**
 * Slack around the call's time window: the service's `Initiated` has a resolution of one second, and
 * so has the estimate of the server's clock (from its `Date` headers).
 */
const SLACK_MS = 1500

/**
 * Aborts the uploads of `key` initiated since `startedAt` (local time, mapped to the server's clock)
 * other than `keep`: the ones attempts whose answer was lost created. Best effort: failures are ignored.
 */
async function abortStrays(
  ctx: ClientContext,
  params: InitiateMultipartUploadParams,
  startedAt: number,
  keep: string | undefined,
  signal: AbortSignal | undefined,
): Promise<void> {
  let keyMarker: string | undefined
  let uploadIdMarker: string | undefined
  try {
    for (let page = 0; page < 100; page++) {
      const list = await listMultipartUploads(
        ctx,
        { bucket: params.bucket, prefix: params.key, keyMarker, uploadIdMarker },
        { signal },
      )
      const from = startedAt + ctx.serverOffset - SLACK_MS
      const to = Date.now() + ctx.serverOffset + SLACK_MS
      for (const upload of list.uploads) {
        const at = upload.initiated?.getTime()
        if (upload.key !== params.key || upload.uploadId === keep || at === undefined) continue
        if (at < from || at > to) continue
        await abortMultipartUpload(
          ctx,
          { bucket: params.bucket, key: params.key, uploadId: upload.uploadId },
          { signal },
        ).catch(() => undefined)
      }
      if (!list.hasNext) return
      keyMarker = list.nextKeyMarker
      uploadIdMarker = list.nextUploadIdMarker
    }
  } catch {
    // best effort: a stray upload is only storage until it is aborted or expires
  }
}

/**
 * `POST /key?uploads`: starts a multipart upload. Retried; when an attempt's answer was lost, the
 * uploads of the key that this call's attempts created, other than the one returned, are aborted.
 * (An upload of the same key started by someone else within the same seconds would be aborted too.)
 */
export async function initiateMultipartUpload(
  ctx: ClientContext,
  params: InitiateMultipartUploadParams,
  options: CallOptions = {},
): Promise<MultipartUpload> {
  requireParams(params, 'initiateMultipartUpload')
  requireBucket(params.bucket)
  requireKey(params.key)
  const headers = settingsHeaders(params)
  checkSignal(options.signal)
  const target = buildTarget(ctx.options.endpoint, ctx.options.addressing, {
    bucket: params.bucket,
    key: params.key,
    query: { uploads: null },
  })
  const state = { ambiguous: false }
  const startedAt = Date.now()
  const { signal } = options
  let result: MultipartUpload
  try {
    result = await execute(
      ctx,
      {
        operation: 'initiateMultipartUpload',
        method: 'POST',
        target,
        headers,
        parse: async (res) => {
          const json = await readJson(res)
          return {
            bucket: json.optionalString('Bucket') ?? params.bucket,
            key: json.optionalString('Key') ?? params.key,
            uploadId: json.string('UploadId'),
          }
        },
      },
      { signal, state },
    )
  } catch (error) {
    if (state.ambiguous && !signal?.aborted)
      await abortStrays(ctx, params, startedAt, undefined, undefined)
    throw error
  }
  if (state.ambiguous) await abortStrays(ctx, params, startedAt, result.uploadId, signal)
  return result
}
