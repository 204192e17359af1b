import { isValidBucketName } from './bucket-name.js'
import { compareUtf8 } from './disk-store.js'
import { serviceError } from './errors.js'
import { type HandlerContext, httpDate, requireBucket } from './handler-context.js'
import type { ObjectRecord } from './records.js'
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

/**
 * DELETE bucket: 204; 409 BucketNotEmpty while it holds an object or an open multipart upload
 * (abort the uploads first); 404 NoSuchBucket.
 */
export async function deleteBucket(context: HandlerContext): Promise<void> {
  const outcome = await context.store.deleteBucket(context.target.bucket ?? '')
  if (outcome === 'missing') {
    throw serviceError(404, 'NoSuchBucket', 'The specified bucket does not exist.')
  }
  if (outcome === 'not-empty') {
    throw serviceError(
      409,
      'BucketNotEmpty',
      'The bucket you tried to delete is not empty: delete its objects and abort its uploads first.',
    )
  }
  sendEmpty(context.res, 204)
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

/** What a listing asks for: `prefix`, `marker` and `delimiter` (`null` when absent), and a cap. */
interface ListingQuery {
  readonly prefix: string | null
  readonly marker: string | null
  readonly delimiter: string | null
  readonly maxKeys: number
}

/** GET bucket: list objects with prefix, marker, delimiter and max-keys (or maxKeys). */
export async function listObjects(context: HandlerContext): Promise<void> {
  const bucket = await requireBucket(context)
  const { query } = context.target
  const listing: ListingQuery = {
    prefix: optionalParam(query, 'prefix'),
    marker: optionalParam(query, 'marker'),
    delimiter: optionalParam(query, 'delimiter'),
    maxKeys: parseCount(query, ['max-keys', 'maxKeys'], 1000, 1000),
  }
  const objects = await context.store.listObjects(bucket)
  const { entries, hasNext } = collectEntries(
    objects.map((o) => o.key),
    listing,
  )
  const last = entries.at(-1)
  const nextMarker = !hasNext || !last ? null : last.kind === 'key' ? last.key : last.prefix
  sendJson(context.res, 200, {
    Name: bucket,
    Prefix: listing.prefix,
    Marker: listing.marker,
    NextMarker: nextMarker,
    Delimiter: listing.delimiter,
    MaxKeys: listing.maxKeys,
    HasNext: hasNext,
    Contents: describeContents(entries, objects),
    CommonPrefixes: entries.flatMap((e) => (e.kind === 'prefix' ? [e.prefix] : [])),
  })
}

/** The page of entries after the marker (keys in order, common prefixes folded), and if more follow. */
function collectEntries(
  keys: readonly string[],
  listing: ListingQuery,
): { entries: Entry[]; hasNext: boolean } {
  const entries: Entry[] = []
  for (const key of keys) {
    const entry = entryOf(key, listing, entries.at(-1))
    if (entry === undefined) continue
    if (entries.length >= listing.maxKeys) return { entries, hasNext: true }
    entries.push(entry)
  }
  return { entries, hasNext: false }
}

/**
 * The entry a key makes in a listing: itself, or its common prefix up to the delimiter;
 * `undefined` when it is outside the prefix, not after the marker, or its prefix is the last entry.
 */
function entryOf(key: string, listing: ListingQuery, last: Entry | undefined): Entry | undefined {
  if (!isInRange(key, listing)) return undefined
  const common = commonPrefixOf(key, listing)
  if (common === undefined) return { kind: 'key', key }
  if (last?.kind === 'prefix' && last.prefix === common) return undefined
  if (listing.marker !== null && compareUtf8(common, listing.marker) <= 0) return undefined
  return { kind: 'prefix', prefix: common }
}

/** Whether a key starts with the listing's prefix and sorts after its marker. */
function isInRange(key: string, { prefix, marker }: ListingQuery): boolean {
  return (
    (prefix === null || key.startsWith(prefix)) && (marker === null || compareUtf8(key, marker) > 0)
  )
}

/** A key's common prefix: up to and including the first delimiter after the prefix, if any. */
function commonPrefixOf(key: string, { prefix, delimiter }: ListingQuery): string | undefined {
  if (delimiter === null) return undefined
  const at = key.indexOf(delimiter, prefix?.length ?? 0)
  return at < 0 ? undefined : key.slice(0, at + delimiter.length)
}

/** The `Contents` of a listing: the objects of its key entries. */
function describeContents(entries: readonly Entry[], objects: readonly ObjectRecord[]) {
  const byKey = new Map(objects.map((o) => [o.key, o]))
  return entries.flatMap((e) => {
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
  })
}
