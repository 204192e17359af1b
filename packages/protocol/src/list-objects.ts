import { defineOperation, type Operation } from './define-operation.js'
import { parseDate, unquoteEtag } from './object-headers.js'
import type { ListObjectsPage, ListObjectsParams } from './operation-types.js'
import { readJson } from './read-json.js'
import { optionalInteger, optionalString } from './validate.js'

/** `GET /bucket?prefix=&marker=&delimiter=&max-keys=`: one page of a bucket's objects. */
export const listObjects: Operation<ListObjectsParams, ListObjectsPage> = defineOperation<
  ListObjectsParams,
  ListObjectsPage
>({
  name: 'listObjects',
  method: 'GET',
  scope: 'bucket',
  validate: (params) => {
    optionalString(params.prefix, 'prefix')
    optionalString(params.marker, 'marker')
    optionalString(params.delimiter, 'delimiter')
    optionalInteger(params.maxKeys, 'maxKeys', 1)
  },
  target: (params) => ({
    bucket: params.bucket,
    query: {
      prefix: params.prefix,
      marker: params.marker,
      delimiter: params.delimiter,
      'max-keys': params.maxKeys,
    },
  }),
  parse: async (res, { params }) => {
    const json = await readJson(res)
    return {
      bucket: json.optionalString('Name') ?? params.bucket,
      prefix: json.optionalString('Prefix'),
      marker: json.optionalString('Marker'),
      nextMarker: json.optionalString('NextMarker'),
      delimiter: json.optionalString('Delimiter'),
      maxKeys: json.optionalNumber('MaxKeys'),
      hasNext: json.raw.HasNext === undefined ? false : json.boolean('HasNext'),
      objects: json.array('Contents').map((o) => ({
        key: o.string('Key'),
        etag: unquoteEtag(o.string('ETag')),
        size: o.number('Size'),
        lastModified: parseDate(o.optionalString('LastModified')),
        storageClass: o.optionalString('StorageClass'),
      })),
      commonPrefixes: json.stringArray('CommonPrefixes'),
    }
  },
})
