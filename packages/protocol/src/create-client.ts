import { abortMultipartUpload } from './abort-multipart-upload.js'
import type { ClientOptions } from './client-options.js'
import { completeMultipartUpload } from './complete-multipart-upload.js'
import { createBucket } from './create-bucket.js'
import { deleteBucket } from './delete-bucket.js'
import { initiateMultipartUpload } from './initiate-multipart-upload.js'
import type { JssClient } from './jss-client.js'
import { listBuckets } from './list-buckets.js'
import { listMultipartUploads } from './list-multipart-uploads.js'
import { listObjects } from './list-objects.js'
import { listParts } from './list-parts.js'
import { deleteObject, getObject, headObject, putObject } from './object-operations.js'
import { paginateMultipartUploads, paginateObjects, paginateParts } from './paginate.js'
import { presign } from './presign.js'
import { resolveOptions } from './resolve-options.js'
import type { ClientContext } from './send-once.js'
import { uploadPart } from './upload-part.js'

/**
 * Creates a JSS client over undici, speaking JSS or (`dialect: 's3'`) the S3 REST API. Options are
 * validated here, before any I/O.
 * @example
 * const client = createClient({ endpoint: 'https://s.jcloud.com', credentials: { accessKey, secretKey } })
 * const { uploadId } = await client.initiateMultipartUpload({ bucket: 'b', key: 'k' })
 * @example
 * const s3 = createClient({
 *   endpoint: 'https://s3.cn-north-1.jdcloud-oss.com',
 *   credentials: { accessKey, secretKey },
 *   dialect: 's3',
 *   region: 'cn-north-1',
 * })
 */
export function createClient(options: ClientOptions): JssClient {
  const resolved = resolveOptions(options)
  const ctx: ClientContext = { options: resolved, clockOffset: 0, serverOffset: 0 }
  const { dispatcher } = resolved
  let ended: Promise<void> | undefined
  return {
    endpoint: String(options.endpoint),
    addressing: resolved.addressing,
    dialect: resolved.dialect.name,
    region: resolved.dialect.region,
    multipartEtag: (partEtags) => resolved.dialect.multipartEtag(partEtags),
    get clockOffset() {
      return ctx.clockOffset
    },
    get serverOffset() {
      return ctx.serverOffset
    },
    initiateMultipartUpload: (params, opts) => initiateMultipartUpload(ctx, params, opts),
    uploadPart: (params, opts) => uploadPart(ctx, params, opts),
    completeMultipartUpload: (params, opts) => completeMultipartUpload(ctx, params, opts),
    abortMultipartUpload: (params, opts) => abortMultipartUpload(ctx, params, opts),
    listParts: (params, opts) => listParts(ctx, params, opts),
    paginateParts: (params, opts) => paginateParts(ctx, params, opts),
    listMultipartUploads: (params, opts) => listMultipartUploads(ctx, params, opts),
    paginateMultipartUploads: (params, opts) => paginateMultipartUploads(ctx, params, opts),
    putObject: (params, opts) => putObject(ctx, params, opts),
    getObject: (params, opts) => getObject(ctx, params, opts),
    headObject: (params, opts) => headObject(ctx, params, opts),
    deleteObject: (params, opts) => deleteObject(ctx, params, opts),
    createBucket: (params, opts) => createBucket(ctx, params, opts),
    deleteBucket: (params, opts) => deleteBucket(ctx, params, opts),
    listBuckets: (params, opts) => listBuckets(ctx, params, opts),
    listObjects: (params, opts) => listObjects(ctx, params, opts),
    paginateObjects: (params, opts) => paginateObjects(ctx, params, opts),
    presign: (params) => presign(ctx, params),
    close: async () => {
      if (!resolved.ownsDispatcher) return
      ended ??= dispatcher.close()
      await ended
    },
    destroy: async () => {
      if (!resolved.ownsDispatcher) return
      await dispatcher.destroy()
      ended ??= Promise.resolve()
    },
  }
}
