import { isValidBucketName } from './bucket-name.js'
import { compareUtf8 } from './disk-store.js'
import { serviceError } from './errors.js'
import { type HandlerContext, httpDate, requireBucket } from './handler-context.js'
import { readSmallBody } from './read-complete-body.js'
import type { ObjectRecord } from './records.js'
import { optionalParam, parseCount } from './request-headers.js'
import { sendEmpty, sendJson, sendXml } from './respond.js'
import { checkPayloadHash } from './s3-body.js'
import { isoDate, malformedXml, parseXml, S3_NAMESPACE } from './s3-xml.js'

/**
 * The S3 CreateBucketConfiguration body, if any: its LocationConstraint must be this server's
 * region (or absent, in us-east-1), else 400 InvalidLocationConstraint.
 */
async function checkBucketConfiguration(context: HandlerContext): Promise<void> {
  const { req } = context
  const declared = req.headers['content-length']
  if (
    req.headers['transfer-encoding'] === undefined &&
    (declared === undefined || declared === '0')
  ) {
    checkPayloadHash(context, Buffer.alloc(0))
    return
  }
  const body = await readSmallBody(req, () => malformedXml('the body is too large'))
  checkPayloadHash(context, body)
  if (body.length === 0) return
  const document = parseXml(body.toString('utf8'))
  const configuration = document.CreateBucketConfiguration
  if (configuration === undefined) {
    throw malformedXml('the root element must be CreateBucketConfiguration')
  }
  const constraint =
    typeof configuration === 'object' && configuration !== null
      ? (configuration as { LocationConstraint?: unknown }).LocationConstraint
      : undefined
  const region = constraint === undefined || constraint === '' ? 'us-east-1' : String(constraint)
  if (region !== context.region) {
    throw serviceError(
      400,
      'InvalidLocationConstraint',
      `The specified location-constraint ${region} is not valid: this server is ${context.region}.`,
    )
  }
}

/**
 * PUT bucket: 201 (S3: 200, after checking a CreateBucketConfiguration body), 409
 * BucketAlreadyOwnedByYou, 400 InvalidBucketName.
 */
export async function createBucket(context: HandlerContext): Promise<void> {
  const name = context.target.bucket ?? ''
  if (!isValidBucketName(name)) {
    throw serviceError(400, 'InvalidBucketName', 'The specified bucket is not valid.')
  }
  if (context.dialect === 's3') await checkBucketConfiguration(context)
  if (!(await context.store.createBucket(name, context.now()))) {
    throw serviceError(
      409,
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
    )
  }
  sendEmpty(context.res, context.dialect === 's3' ? 200 : 201, { location: `/${name}` })
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

/** The owner S3 listings name: jss-local has one. */
const OWNER = { ID: 'jss-local', DisplayName: 'jss-local' }

/** GET service: the buckets (not in the contract; answered so that GET / can be signed and tested). */
export async function listBuckets(context: HandlerContext): Promise<void> {
  const buckets = await context.store.listBuckets()
  if (context.dialect === 's3') {
    sendXml(context.res, 200, 'ListAllMyBucketsResult', {
      '@_xmlns': S3_NAMESPACE,
      Owner: OWNER,
      Buckets: { Bucket: buckets.map((b) => ({ Name: b.name, CreationDate: isoDate(b.created) })) },
    })
    return
  }
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
  if (context.dialect === 's3') {
    await listObjectsS3(context)
    return
  }
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

/** An S3 continuation token: the last key or prefix listed, base64url (opaque to clients). */
function continuationToken(entry: Entry): string {
  return Buffer.from(entry.kind === 'key' ? entry.key : entry.prefix, 'utf8').toString('base64url')
}

/** The key or prefix a continuation token continues after (400 InvalidArgument when not one of ours). */
function readContinuationToken(token: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) {
    throw serviceError(400, 'InvalidArgument', 'The continuation token provided is incorrect.')
  }
  return Buffer.from(token, 'base64url').toString('utf8')
}

/**
 * GET bucket in the S3 dialect: ListObjectsV2 (`list-type=2`: continuation-token, start-after,
 * KeyCount) or ListObjects (v1: marker), as XML ListBucketResult; `encoding-type=url` encodes the
 * keys and prefixes of the answer.
 */
async function listObjectsS3(context: HandlerContext): Promise<void> {
  const bucket = await requireBucket(context)
  const { query } = context.target
  const listType = query.get('list-type')
  if (listType !== null && listType !== '2') {
    throw serviceError(400, 'InvalidArgument', 'list-type must be 2 when given.')
  }
  const encodingType = query.get('encoding-type')
  if (encodingType !== null && encodingType !== 'url') {
    throw serviceError(400, 'InvalidArgument', 'Invalid Encoding Method specified in Request')
  }
  const encode = (text: string): string =>
    encodingType === 'url' ? encodeURIComponent(text) : text
  const v2 = listType === '2'
  const token = v2 ? query.get('continuation-token') : null
  const startAfter = v2 ? optionalParam(query, 'start-after') : null
  const listing: ListingQuery = {
    prefix: optionalParam(query, 'prefix'),
    marker: v2
      ? token !== null
        ? readContinuationToken(token)
        : startAfter
      : optionalParam(query, 'marker'),
    delimiter: optionalParam(query, 'delimiter'),
    maxKeys: parseCount(query, ['max-keys'], 1000, 1000),
  }
  const objects = await context.store.listObjects(bucket)
  const { entries, hasNext } = collectEntries(
    objects.map((o) => o.key),
    listing,
  )
  const last = entries.at(-1)
  const byKey = new Map(objects.map((o) => [o.key, o]))
  const contents = entries.flatMap((e) => {
    const object = e.kind === 'key' ? byKey.get(e.key) : undefined
    return object
      ? [
          {
            Key: encode(object.key),
            LastModified: isoDate(object.lastModified),
            ETag: `"${object.etag}"`,
            Size: object.size,
            StorageClass: object.storageClass,
          },
        ]
      : []
  })
  const commonPrefixes = entries.flatMap((e) =>
    e.kind === 'prefix' ? [{ Prefix: encode(e.prefix) }] : [],
  )
  const page = {
    Name: bucket,
    Prefix: encode(listing.prefix ?? ''),
    Delimiter: listing.delimiter === null ? undefined : encode(listing.delimiter),
    MaxKeys: listing.maxKeys,
    EncodingType: encodingType ?? undefined,
    IsTruncated: hasNext,
  }
  if (v2) {
    sendXml(context.res, 200, 'ListBucketResult', {
      '@_xmlns': S3_NAMESPACE,
      ...page,
      KeyCount: entries.length,
      ContinuationToken: token ?? undefined,
      NextContinuationToken: hasNext && last ? continuationToken(last) : undefined,
      StartAfter: startAfter === null ? undefined : encode(startAfter),
      Contents: contents,
      CommonPrefixes: commonPrefixes,
    })
    return
  }
  const nextMarker = !hasNext || !last ? undefined : last.kind === 'key' ? last.key : last.prefix
  sendXml(context.res, 200, 'ListBucketResult', {
    '@_xmlns': S3_NAMESPACE,
    ...page,
    Marker: encode(listing.marker ?? ''),
    NextMarker: nextMarker === undefined ? undefined : encode(nextMarker),
    Contents: contents,
    CommonPrefixes: commonPrefixes,
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
