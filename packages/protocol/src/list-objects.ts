import { buildTarget } from './addressing.js'
import type { CallOptions } from './client-options.js'
import { execute } from './execute.js'
import { parseDate, unquoteEtag } from './object-headers.js'
import type { ListObjectsPage, ListObjectsParams } from './operation-types.js'
import { readJson } from './read-json.js'
import type { ClientContext } from './send-once.js'
import {
  checkSignal,
  optionalInteger,
  optionalString,
  requireBucket,
  requireParams,
} from './validate.js'

/** `GET /bucket?prefix=&marker=&delimiter=&max-keys=`: one page of a bucket's objects. */
export async function listObjects(
  ctx: ClientContext,
  params: ListObjectsParams,
  options: CallOptions = {},
): Promise<ListObjectsPage> {
  requireParams(params, 'listObjects')
  requireBucket(params.bucket)
  optionalString(params.prefix, 'prefix')
  optionalString(params.marker, 'marker')
  optionalString(params.delimiter, 'delimiter')
  optionalInteger(params.maxKeys, 'maxKeys', 1)
  checkSignal(options.signal)
  const target = buildTarget(ctx.options.endpoint, ctx.options.addressing, {
    bucket: params.bucket,
    query: {
      prefix: params.prefix,
      marker: params.marker,
      delimiter: params.delimiter,
      'max-keys': params.maxKeys,
    },
  })
  return execute(
    ctx,
    {
      operation: 'listObjects',
      method: 'GET',
      target,
      parse: async (res) => {
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
    },
    { signal: options.signal },
  )
}
