import { isValidBucketName } from './bucket-name.js'
import { compareUtf8 } from './disk-store.js'
import { serviceError } from './errors.js'
import { type HandlerContext, httpDate, requireBucket } from './handler-context.js'
import { optionalParam, parseCount } from './request-headers.js'
import { sendEmpty, sendJson } from './respond.js'

/** PUT bucket: 201, 409 BucketAlreadyOwnedByYou, 400 InvalidBucketName. */
export async function createBucket(context: HandlerContext): Promise<void> {
  const name = context.target.bucket ?? ''
  if (!isValidBucketName(name)) {
    throw serviceError(400, 'InvalidBucketName', 'The specified bucket is not valid.')
  }
  if (!(await context.store.createBucket(name, context.now()))) {
    throw serviceError(
      409,
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
    )
  }
  sendEmpty(context.res, 201, { location: `/${name}` })
}

/** GET service: the buckets (not in the contract; answered so that GET / can be signed and tested). */
export async function listBuckets(context: HandlerContext): Promise<void> {
  const buckets = await context.store.listBuckets()
  sendJson(context.res, 200, {
    Buckets: buckets.map((b) => ({ Name: b.name, CreationDate: httpDate(b.created) })),
  })
}

type Entry =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'prefix'; readonly prefix: string }

/** GET bucket: list objects with prefix, marker, delimiter and max-keys (or maxKeys). */
export async function listObjects(context: HandlerContext): Promise<void> {
  const bucket = await requireBucket(context)
  const { query } = context.target
  const prefix = optionalParam(query, 'prefix')
  const marker = optionalParam(query, 'marker')
  const delimiter = optionalParam(query, 'delimiter')
  const maxKeys = parseCount(query, ['max-keys', 'maxKeys'], 1000, 1000)
  const objects = await context.store.listObjects(bucket)
  const byKey = new Map(objects.map((o) => [o.key, o]))
  const entries: Entry[] = []
  let hasNext = false
  for (const object of objects) {
    const key = object.key
    if (prefix !== null && !key.startsWith(prefix)) continue
    if (marker !== null && compareUtf8(key, marker) <= 0) continue
    let entry: Entry = { kind: 'key', key }
    if (delimiter !== null) {
      const at = key.indexOf(delimiter, prefix?.length ?? 0)
      if (at >= 0) {
        const common = key.slice(0, at + delimiter.length)
        const last = entries.at(-1)
        if (last?.kind === 'prefix' && last.prefix === common) continue
        if (marker !== null && compareUtf8(common, marker) <= 0) continue
        entry = { kind: 'prefix', prefix: common }
      }
    }
    if (entries.length >= maxKeys) {
      hasNext = true
      break
    }
    entries.push(entry)
  }
  const last = entries.at(-1)
  const nextMarker = !hasNext || !last ? null : last.kind === 'key' ? last.key : last.prefix
  sendJson(context.res, 200, {
    Name: bucket,
    Prefix: prefix,
    Marker: marker,
    NextMarker: nextMarker,
    Delimiter: delimiter,
    MaxKeys: maxKeys,
    HasNext: hasNext,
    Contents: entries.flatMap((e) => {
      const object = e.kind === 'key' ? byKey.get(e.key) : undefined
      return object
        ? [
            {
              Key: object.key,
              LastModified: httpDate(object.lastModified),
              ETag: object.etag,
              Size: object.size,
              StorageClass: object.storageClass,
            },
          ]
        : []
    }),
    CommonPrefixes: entries.flatMap((e) => (e.kind === 'prefix' ? [e.prefix] : [])),
  })
}
