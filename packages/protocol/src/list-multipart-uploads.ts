import { defineOperation, type Operation } from './define-operation.js'
import { hasNext } from './dialect.js'
import { parseDate } from './object-headers.js'
import type { ListMultipartUploadsPage, ListMultipartUploadsParams } from './operation-types.js'
import { optionalInteger, optionalString } from './validate.js'

/** `Enable-Encryption` of a listed upload: a boolean, `'true'`/`'false'`, or unknown. */
function parseEncryption(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (value === 'true') return true
  if (value === 'false') return false
  return undefined
}

/** `GET /bucket?uploads`: one page of the bucket's open multipart uploads. */
export const listMultipartUploads: Operation<ListMultipartUploadsParams, ListMultipartUploadsPage> =
  defineOperation<ListMultipartUploadsParams, ListMultipartUploadsPage>({
    name: 'listMultipartUploads',
    method: 'GET',
    scope: 'bucket',
    validate: (params) => {
      optionalString(params.prefix, 'prefix')
      optionalString(params.keyMarker, 'keyMarker')
      optionalString(params.uploadIdMarker, 'uploadIdMarker')
      optionalInteger(params.maxUploads, 'maxUploads', 1)
    },
    target: (params) => ({
      bucket: params.bucket,
      query: {
        uploads: null,
        prefix: params.prefix,
        'key-marker': params.keyMarker,
        'upload-id-marker': params.uploadIdMarker,
        'max-uploads': params.maxUploads,
      },
    }),
    parse: async (res, { ctx, params }) => {
      const { dialect } = ctx.options
      const shape = { root: 'ListMultipartUploadsResult', arrays: ['Upload', 'CommonPrefixes'] }
      const json = await dialect.readFields(res, shape)
      return {
        bucket: json.optionalString('Bucket') ?? params.bucket,
        prefix: json.optionalString('Prefix'),
        uploads: json.array('Upload').map((u) => ({
          key: u.string('Key'),
          uploadId: u.string('UploadId'),
          initiated: parseDate(u.optionalString('Initiated')),
          storageClass: u.optionalString('StorageClass'),
          serverSideEncryption: parseEncryption(u.raw['Enable-Encryption']),
        })),
        nextKeyMarker: json.optionalString('NextKeyMarker'),
        nextUploadIdMarker: json.optionalString('NextUploadIdMarker'),
        hasNext: hasNext(json, dialect),
      }
    },
  })
