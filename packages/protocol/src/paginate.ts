import type { CallOptions } from './client-options.js'
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
import type { ClientContext } from './send-once.js'

/** Every part of an upload, page after page (`HasNext` / `NextPartNumberMarker`). */
export async function* paginateParts(
  ctx: ClientContext,
  params: ListPartsParams,
  options: CallOptions = {},
): AsyncGenerator<Part, void, undefined> {
  let marker = params.partNumberMarker
  for (;;) {
    const page = await listParts(ctx, { ...params, partNumberMarker: marker }, options)
    yield* page.parts
    const next = page.nextPartNumberMarker ?? page.parts.at(-1)?.partNumber
    if (!page.hasNext || next === undefined || next === marker) return
    marker = next
  }
}

/** Every open upload of a bucket (or prefix), page after page. */
export async function* paginateMultipartUploads(
  ctx: ClientContext,
  params: ListMultipartUploadsParams,
  options: CallOptions = {},
): AsyncGenerator<UploadSummary, void, undefined> {
  let keyMarker = params.keyMarker
  let uploadIdMarker = params.uploadIdMarker
  for (;;) {
    const page = await listMultipartUploads(ctx, { ...params, keyMarker, uploadIdMarker }, options)
    yield* page.uploads
    const last = page.uploads.at(-1)
    const nextKey = page.nextKeyMarker ?? last?.key
    const nextId = page.nextUploadIdMarker ?? last?.uploadId
    if (
      !page.hasNext ||
      nextKey === undefined ||
      (nextKey === keyMarker && nextId === uploadIdMarker)
    )
      return
    keyMarker = nextKey
    uploadIdMarker = nextId
  }
}

/** Every object of a bucket (or prefix), page after page (`HasNext` / `NextMarker`). */
export async function* paginateObjects(
  ctx: ClientContext,
  params: ListObjectsParams,
  options: CallOptions = {},
): AsyncGenerator<ObjectSummary, void, undefined> {
  let marker = params.marker
  for (;;) {
    const page = await listObjects(ctx, { ...params, marker }, options)
    yield* page.objects
    const next = page.nextMarker ?? page.objects.at(-1)?.key ?? page.commonPrefixes.at(-1)
    if (!page.hasNext || next === undefined || next === marker) return
    marker = next
  }
}
