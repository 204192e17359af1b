import { abortMultipartUpload } from './abort-multipart-upload.js'
import { defineOperation, type Operation, type OperationCall } from './define-operation.js'
import { listMultipartUploads } from './list-multipart-uploads.js'
import { settingsHeaders } from './object-headers.js'
import type { InitiateMultipartUploadParams, MultipartUpload } from './operation-types.js'

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
  { ctx, params, signal }: OperationCall<InitiateMultipartUploadParams>,
  kept: MultipartUpload | undefined,
  startedAt: number,
): Promise<void> {
  const keep = kept?.uploadId
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
export const initiateMultipartUpload: Operation<InitiateMultipartUploadParams, MultipartUpload> =
  defineOperation<InitiateMultipartUploadParams, MultipartUpload>({
    name: 'initiateMultipartUpload',
    method: 'POST',
    scope: 'object',
    target: ({ bucket, key }) => ({ bucket, key, query: { uploads: null } }),
    headers: settingsHeaders,
    parse: async (res, { ctx, params }) => {
      const json = await ctx.options.dialect.readFields(res, {
        root: 'InitiateMultipartUploadResult',
      })
      return {
        bucket: json.optionalString('Bucket') ?? params.bucket,
        key: json.optionalString('Key') ?? params.key,
        uploadId: json.string('UploadId'),
      }
    },
    afterLostAnswer: abortStrays,
  })
