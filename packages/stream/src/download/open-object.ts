import { isServiceError, type ObjectInfo } from '@jss/protocol'
import type { ResolvedDownloadOptions } from './download-options.js'
import { type FetchRangeOptions, fetchRange, normalizeEtag } from './fetch-range.js'

/** What the first request of a download found: the object, and its first bytes when it read them. */
export interface OpenedObject {
  /** The object's size, ETag (as answered), type, date, class and metadata. */
  readonly info: ObjectInfo
  /** The ETag unquoted lowercase: every later answer must carry it. */
  readonly etag: string
  /** Bytes `0` to `prefixEnd` (exclusive) of the object, as they arrived; none after a HEAD. */
  readonly prefix: readonly Buffer[]
  readonly prefixEnd: number
}

/**
 * The total of the Content-Range of an answer to a read from byte 0 (`bytes 0-b/total`), or
 * `undefined` when absent, not a number, or not from byte 0: bytes from elsewhere must never be
 * taken for the object's first ones.
 */
export function totalOf(contentRange: string | undefined): number | undefined {
  const match = /^bytes 0-\d+\/(\d+)$/.exec(contentRange?.trim() ?? '')
  const total = Number(match?.[1])
  return match && Number.isSafeInteger(total) ? total : undefined
}

/**
 * Opens a download with one request. For the whole object: a GET of its first `partSize` bytes,
 * whose answer gives the size (Content-Range), the ETag and the metadata — an object of one piece
 * is then read in this one request. For a range, or when that GET cannot tell the size (an empty
 * object answers 416): a HEAD. `onSize` is told the object's size as soon as it is known.
 */
export async function openObject(
  o: ResolvedDownloadOptions,
  signal: AbortSignal,
  onResume: FetchRangeOptions['onResume'],
  onSize: (size: number) => void,
): Promise<OpenedObject> {
  const { client, bucket, key } = o
  if (o.range !== undefined) return headOf(o, signal, onSize)
  let answer: Awaited<ReturnType<typeof client.getObject>>
  try {
    answer = await client.getObject(
      { bucket, key, range: { start: 0, end: o.partSize - 1 } },
      { signal },
    )
  } catch (error) {
    if (isServiceError(error, 'InvalidRange')) return headOf(o, signal, onSize)
    throw error
  }
  const size =
    answer.contentRange === undefined ? answer.contentLength : totalOf(answer.contentRange)
  if (size === undefined) {
    answer.body.destroy()
    return headOf(o, signal, onSize)
  }
  onSize(size)
  const { body, contentRange: _, ...object } = answer
  const info: ObjectInfo = { ...object, contentLength: size }
  const etag = normalizeEtag(answer.etag)
  const whole = answer.contentRange === undefined
  if (whole && size > o.partSize) {
    // A store that ignores Range answered the whole object: too much to hold; read it in pieces.
    body.destroy()
    return { info, etag, prefix: [], prefixEnd: 0 }
  }
  const range = { start: 0, end: Math.min(size, o.partSize) }
  const prefix = await fetchRange({ ...o, etag, range, whole, signal, onResume, opened: body })
  return { info, etag, prefix, prefixEnd: range.end }
}

/** A HEAD: the object without its bytes. */
async function headOf(
  o: ResolvedDownloadOptions,
  signal: AbortSignal,
  onSize: (size: number) => void,
): Promise<OpenedObject> {
  const info = await o.client.headObject({ bucket: o.bucket, key: o.key }, { signal })
  onSize(info.contentLength)
  return { info, etag: normalizeEtag(info.etag), prefix: [], prefixEnd: 0 }
}

/**
 * Bytes `from` to `to` (exclusive) of `chunks`, which hold the bytes from 0: views, never copies.
 */
export function sliceChunks(chunks: readonly Buffer[], from: number, to: number): Buffer[] {
  const slices: Buffer[] = []
  let at = 0
  for (const chunk of chunks) {
    const start = Math.max(from - at, 0)
    const end = Math.min(to - at, chunk.byteLength)
    if (start < end) slices.push(chunk.subarray(start, end))
    at += chunk.byteLength
    if (at >= to) break
  }
  return slices
}
