import { buildTarget } from './addressing.js'
import type { CallOptions } from './client-options.js'
import { execute } from './execute.js'
import { parseDate } from './object-headers.js'
import type { ListMultipartUploadsPage, ListMultipartUploadsParams } from './operation-types.js'
import { readJson } from './read-json.js'
import type { ClientContext } from './send-once.js'
import {
  checkSignal,
  optionalInteger,
  optionalString,
  requireBucket,
  requireParams,
} from './validate.js'

/** `GET /bucket?uploads`: one page of the bucket's open multipart uploads. */
export async function listMultipartUploads(
  ctx: ClientContext,
  params: ListMultipartUploadsParams,
  options: CallOptions = {},
): Promise<ListMultipartUploadsPage> {
  requireParams(params, 'listMultipartUploads')
  requireBucket(params.bucket)
  optionalString(params.prefix, 'prefix')
  optionalString(params.keyMarker, 'keyMarker')
  optionalString(params.uploadIdMarker, 'uploadIdMarker')
  optionalInteger(params.maxUploads, 'maxUploads', 1)
  checkSignal(options.signal)
  const target = buildTarget(ctx.options.endpoint, ctx.options.addressing, {
    bucket: params.bucket,
    query: {
      uploads: null,
      prefix: params.prefix,
      'key-marker': params.keyMarker,
      'upload-id-marker': params.uploadIdMarker,
      'max-uploads': params.maxUploads,
    },
  })
  return execute(
    ctx,
    {
      operation: 'listMultipartUploads',
      method: 'GET',
      target,
      parse: async (res) => {
        const json = await readJson(res)
        return {
          bucket: json.optionalString('Bucket') ?? params.bucket,
          prefix: json.optionalString('Prefix'),
          uploads: json.array('Upload').map((u) => {
            const sse = u.raw['Enable-Encryption']
            return {
              key: u.string('Key'),
              uploadId: u.string('UploadId'),
              initiated: parseDate(u.optionalString('Initiated')),
              storageClass: u.optionalString('StorageClass'),
              serverSideEncryption:
                typeof sse === 'boolean'
                  ? sse
                  : sse === 'true'
                    ? true
                    : sse === 'false'
                      ? false
                      : undefined,
            }
          }),
          nextKeyMarker: json.optionalString('NextKeyMarker'),
          nextUploadIdMarker: json.optionalString('NextUploadIdMarker'),
          hasNext: json.raw.HasNext === undefined ? false : json.boolean('HasNext'),
        }
      },
    },
    { signal: options.signal },
  )
}
