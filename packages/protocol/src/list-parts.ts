import { buildTarget } from './addressing.js'
import type { CallOptions } from './client-options.js'
import { execute } from './execute.js'
import { parseDate, unquoteEtag } from './object-headers.js'
import type { ListPartsPage, ListPartsParams } from './operation-types.js'
import { readJson } from './read-json.js'
import type { ClientContext } from './send-once.js'
import {
  checkSignal,
  optionalInteger,
  requireBucket,
  requireKey,
  requireParams,
  requireString,
} from './validate.js'

/** `GET /key?uploadId=ID`: one page of an upload's parts. */
export async function listParts(
  ctx: ClientContext,
  params: ListPartsParams,
  options: CallOptions = {},
): Promise<ListPartsPage> {
  requireParams(params, 'listParts')
  requireBucket(params.bucket)
  requireKey(params.key)
  requireString(params.uploadId, 'uploadId')
  optionalInteger(params.maxParts, 'maxParts', 1)
  optionalInteger(params.partNumberMarker, 'partNumberMarker', 0)
  checkSignal(options.signal)
  const target = buildTarget(ctx.options.endpoint, ctx.options.addressing, {
    bucket: params.bucket,
    key: params.key,
    query: {
      uploadId: params.uploadId,
      'max-parts': params.maxParts,
      'part-number-marker': params.partNumberMarker,
    },
  })
  return execute(
    ctx,
    {
      operation: 'listParts',
      method: 'GET',
      target,
      parse: async (res) => {
        const json = await readJson(res)
        return {
          bucket: json.optionalString('Bucket') ?? params.bucket,
          key: json.optionalString('Key') ?? params.key,
          uploadId: json.optionalString('UploadId') ?? params.uploadId,
          storageClass: json.optionalString('StorageClass'),
          parts: json.array('Part').map((p) => ({
            partNumber: p.number('PartNumber'),
            etag: unquoteEtag(p.string('ETag')),
            size: p.number('Size'),
            lastModified: parseDate(p.optionalString('LastModified')),
          })),
          partNumberMarker: json.optionalNumber('PartNumberMarker'),
          nextPartNumberMarker: json.optionalNumber('NextPartNumberMarker'),
          maxParts: json.optionalNumber('MaxParts'),
          hasNext: json.raw.HasNext === undefined ? false : json.boolean('HasNext'),
        }
      },
    },
    { signal: options.signal },
  )
}
