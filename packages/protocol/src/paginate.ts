import type { CallOptions } from './client-options.js'
import { JssResponseError } from './errors.js'
import { listMultipartUploads } from './list-multipart-uploads.js'
import { listObjects } from './list-objects.js'
import { listParts } from './list-parts.js'
import type {
  ListMultipartUploadsParams,
  ListObjectsParams,
  ListPartsParams,
  ObjectSummary,
  Part,
  UploadSummary,
} from './operation-types.js'
import { PART_LIMITS } from './part-limits.js'
import type { ClientContext } from './send-once.js'
import { requireParams } from './validate.js'

/** The most parts an upload can have (contract §3): a listing that goes past it is not believed. */
export const MAX_PARTS: number = PART_LIMITS.maxParts

function stuck(what: string, resource: string, detail: string): JssResponseError {
  return new JssResponseError(
    `${what} does not advance (${detail}): the server's pagination is broken; stopped`,
    { statusCode: 200, requestId: undefined, resource },
  )
}

/**
 * Remembers the markers of a listing: a marker seen before means the server sends the listing
 * round in a circle. (Markers are not compared by order: servers sort keys by their UTF-8 bytes,
 * JavaScript strings by UTF-16 code units.)
 */
function markerLog(first: string | undefined): (next: string) => boolean {
  const seen = new Set<string>(first === undefined ? [] : [first])
  return (next) => {
    if (seen.has(next)) return false
    seen.add(next)
    return true
  }
}

/**
 * Every part of an upload, page after page (`HasNext` / `NextPartNumberMarker`). Part numbers
 * must increase and stay within `MAX_PARTS`, and a page that says `HasNext` must hold parts;
 * otherwise the listing fails with `JSS_ERR_INVALID_RESPONSE` instead of going on forever.
 */
export async function* paginateParts(
  ctx: ClientContext,
  params: ListPartsParams,
  options: CallOptions = {},
): AsyncGenerator<Part, void, undefined> {
  requireParams(params, 'paginateParts')
  const resource = `/${params.bucket}/${params.key}?uploadId=${params.uploadId}`
  let marker = params.partNumberMarker
  let last = marker ?? 0
  for (;;) {
    const page = await listParts(ctx, { ...params, partNumberMarker: marker }, options)
    for (const part of page.parts) {
      if (part.partNumber <= last || part.partNumber > MAX_PARTS) {
        throw stuck('the part listing', resource, `part ${part.partNumber} after ${last}`)
      }
      last = part.partNumber
      yield part
    }
    if (!page.hasNext) return
    const next = page.nextPartNumberMarker ?? page.parts.at(-1)?.partNumber
    if (
      next === undefined ||
      page.parts.length === 0 ||
      next <= (marker ?? 0) ||
      next > MAX_PARTS
    ) {
      throw stuck('the part listing', resource, `marker ${String(next)} after ${String(marker)}`)
    }
    marker = next
  }
}

/**
 * Every open upload of a bucket (or prefix), page after page. A (key, upload id) marker must not
 * come back and a page that says `HasNext` must hold uploads; otherwise `JSS_ERR_INVALID_RESPONSE`.
 */
export async function* paginateMultipartUploads(
  ctx: ClientContext,
  params: ListMultipartUploadsParams,
  options: CallOptions = {},
): AsyncGenerator<UploadSummary, void, undefined> {
  requireParams(params, 'paginateMultipartUploads')
  let keyMarker = params.keyMarker
  let uploadIdMarker = params.uploadIdMarker
  const fresh = markerLog(keyMarker === undefined ? undefined : `${keyMarker}\n${uploadIdMarker}`)
  for (;;) {
    const page = await listMultipartUploads(ctx, { ...params, keyMarker, uploadIdMarker }, options)
    yield* page.uploads
    if (!page.hasNext) return
    const last = page.uploads.at(-1)
    const nextKey = page.nextKeyMarker ?? last?.key
    const nextId = page.nextUploadIdMarker ?? last?.uploadId
    const forward =
      nextKey !== undefined && page.uploads.length > 0 && fresh(`${nextKey}\n${nextId}`)
    if (!forward) {
      throw stuck(
        'the upload listing',
        `/${params.bucket}?uploads`,
        `marker ${JSON.stringify(nextKey)}/${JSON.stringify(nextId)} after ${JSON.stringify(keyMarker)}/${JSON.stringify(uploadIdMarker)}`,
      )
    }
    keyMarker = nextKey
    uploadIdMarker = nextId
  }
}

/**
 * Every object of a bucket (or prefix), page after page (`HasNext` / `NextMarker`; S3:
 * `IsTruncated` / `NextContinuationToken`). A marker or token must not come back and a page that
 * says `HasNext` must hold objects or prefixes; otherwise `JSS_ERR_INVALID_RESPONSE`.
 */
export async function* paginateObjects(
  ctx: ClientContext,
  params: ListObjectsParams,
  options: CallOptions = {},
): AsyncGenerator<ObjectSummary, void, undefined> {
  requireParams(params, 'paginateObjects')
  let { marker, continuationToken } = params
  // markers and tokens are logged apart: a token may look like a key
  const fresh = markerLog(marker === undefined ? undefined : `m:${marker}`)
  if (continuationToken !== undefined) fresh(`t:${continuationToken}`)
  for (;;) {
    const page = await listObjects(ctx, { ...params, marker, continuationToken }, options)
    yield* page.objects
    if (!page.hasNext) return
    const token = page.nextContinuationToken
    const next = page.nextMarker ?? page.objects.at(-1)?.key ?? page.commonPrefixes.at(-1)
    const empty = page.objects.length === 0 && page.commonPrefixes.length === 0
    const forward =
      token !== undefined ? fresh(`t:${token}`) : next !== undefined && fresh(`m:${next}`)
    if (empty || !forward) {
      throw stuck(
        'the object listing',
        `/${params.bucket}`,
        token === undefined
          ? `marker ${JSON.stringify(next)} after ${JSON.stringify(marker)}`
          : `continuation token ${JSON.stringify(token)} after ${JSON.stringify(continuationToken)}`,
      )
    }
    if (token === undefined) marker = next
    continuationToken = token
  }
}
