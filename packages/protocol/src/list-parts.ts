import { defineOperation, type Operation } from './define-operation.js'
import { hasNext } from './dialect.js'
import { parseDate, unquoteEtag } from './object-headers.js'
import type { ListPartsPage, ListPartsParams } from './operation-types.js'
import { optionalInteger, requireString } from './validate.js'

/** `GET /key?uploadId=ID`: one page of an upload's parts. */
export const listParts: Operation<ListPartsParams, ListPartsPage> = defineOperation<
  ListPartsParams,
  ListPartsPage
>({
  name: 'listParts',
  method: 'GET',
  scope: 'object',
  validate: (params) => {
    requireString(params.uploadId, 'uploadId')
    optionalInteger(params.maxParts, 'maxParts', 1)
    optionalInteger(params.partNumberMarker, 'partNumberMarker', 0)
  },
  target: (params) => ({
    bucket: params.bucket,
    key: params.key,
    query: {
      uploadId: params.uploadId,
      'max-parts': params.maxParts,
      'part-number-marker': params.partNumberMarker,
    },
  }),
  parse: async (res, { ctx, params }) => {
    const { dialect } = ctx.options
    const json = await dialect.readFields(res, { root: 'ListPartsResult', arrays: ['Part'] })
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
      hasNext: hasNext(json, dialect),
    }
  },
})
