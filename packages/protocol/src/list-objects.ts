import { defineOperation, type Operation } from './define-operation.js'
import { hasNext } from './dialect.js'
import { JssInvalidArgumentError } from './errors.js'
import { parseDate, unquoteEtag } from './object-headers.js'
import type { ListObjectsPage, ListObjectsParams, ObjectSummary } from './operation-types.js'
import type { JsonFields } from './read-json.js'
import { optionalInteger, optionalString } from './validate.js'

/** The checks both dialects make. */
function validateList(params: ListObjectsParams): void {
  optionalString(params.prefix, 'prefix')
  optionalString(params.marker, 'marker')
  optionalString(params.delimiter, 'delimiter')
  optionalInteger(params.maxKeys, 'maxKeys', 1)
}

/** The listed objects of a page (`Contents`, the same fields in both dialects). */
function objectsOf(json: JsonFields): ObjectSummary[] {
  return json.array('Contents').map((o) => ({
    key: o.string('Key'),
    etag: unquoteEtag(o.string('ETag')),
    size: o.number('Size'),
    lastModified: parseDate(o.optionalString('LastModified')),
    storageClass: o.optionalString('StorageClass'),
  }))
}

/** The XML of an S3 ListObjectsV2 answer. */
const LIST_V2 = { root: 'ListBucketResult', arrays: ['Contents', 'CommonPrefixes'] }

/**
 * `GET /bucket?prefix=&marker=&delimiter=&max-keys=`: one page of a bucket's objects. S3:
 * ListObjectsV2 (`?list-type=2`), `marker` sent as `start-after`, `continuationToken` as
 * `continuation-token`; the page's `nextContinuationToken` leads to the next one.
 */
export const listObjects: Operation<ListObjectsParams, ListObjectsPage> = defineOperation<
  ListObjectsParams,
  ListObjectsPage
>({
  name: 'listObjects',
  method: 'GET',
  scope: 'bucket',
  validate: (params) => {
    validateList(params)
    if (params.continuationToken !== undefined) {
      throw new JssInvalidArgumentError(
        "continuationToken is for dialect 's3' (ListObjectsV2); JSS pages by marker",
      )
    }
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
  parse: async (res, { ctx, params }) => {
    const { dialect } = ctx.options
    const json = await dialect.readFields(res, LIST_V2)
    return {
      bucket: json.optionalString('Name') ?? params.bucket,
      prefix: json.optionalString('Prefix'),
      marker: json.optionalString('Marker'),
      nextMarker: json.optionalString('NextMarker'),
      delimiter: json.optionalString('Delimiter'),
      maxKeys: json.optionalNumber('MaxKeys'),
      hasNext: hasNext(json, dialect),
      objects: objectsOf(json),
      commonPrefixes: json.stringArray('CommonPrefixes'),
    }
  },
  s3: {
    validate: (params) => {
      validateList(params)
      optionalString(params.continuationToken, 'continuationToken')
    },
    target: (params) => ({
      bucket: params.bucket,
      query: {
        'list-type': 2,
        prefix: params.prefix,
        'start-after': params.marker,
        'continuation-token': params.continuationToken,
        delimiter: params.delimiter,
        'max-keys': params.maxKeys,
      },
    }),
    parse: async (res, { ctx, params }) => {
      const { dialect } = ctx.options
      const json = await dialect.readFields(res, LIST_V2)
      return {
        bucket: json.optionalString('Name') ?? params.bucket,
        prefix: json.optionalString('Prefix'),
        marker: json.optionalString('StartAfter'),
        nextMarker: undefined,
        continuationToken: json.optionalString('ContinuationToken'),
        nextContinuationToken: json.optionalString('NextContinuationToken'),
        delimiter: json.optionalString('Delimiter'),
        maxKeys: json.optionalNumber('MaxKeys'),
        hasNext: hasNext(json, dialect),
        objects: objectsOf(json),
        commonPrefixes: json.stringArray('CommonPrefixes'),
      }
    },
  },
})
