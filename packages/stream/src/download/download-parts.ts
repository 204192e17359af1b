import { RangeNotSatisfiableError } from '../errors.js'
import { downloadAborts } from '../input/abort-relay.js'
import { checkEtag, type EtagEvidence } from './check-etag.js'
import { type DownloadHashing, type FetchedPiece, startHashing } from './download-hashing.js'
import type {
  DownloadRange,
  DownloadResult,
  DownloadVerification,
  ResolvedDownloadOptions,
} from './download-options.js'
import { fetchRange } from './fetch-range.js'
import { openObject, sliceChunks } from './open-object.js'
import { type ByteRange, type Piece, planRanges, splitRanges } from './plan-ranges.js'

/** The verifications that did compare the bytes with the ETag. */
export const VERIFIED: ReadonlySet<DownloadVerification> = new Set(['md5', 'one-part', 'parts'])

/**
 * The results of `fetch` over `ranges`, in order, with at most `concurrency` fetched or in flight
 * while the reader holds the last one yielded: a bounded reorder window. The next range starts only
 * once the reader pulls, so a slow reader holds the download back.
 */
export async function* inOrder<R, T>(
  ranges: readonly R[],
  concurrency: number,
  fetch: (range: R) => Promise<T>,
): AsyncGenerator<T> {
  const window: Promise<T>[] = []
  let next = 0
  for (;;) {
    while (window.length < concurrency && next < ranges.length) {
      const fetching = fetch(ranges[next++] as R)
      fetching.catch(() => {}) // awaited in turn; an early failure must not go unhandled
      window.push(fetching)
    }
    const head = window.shift()
    if (head === undefined) return
    yield await head
  }
}

/**
 * The bytes of `piece`: from the bytes the first request read (`prefix`, from byte 0) as far as
 * they reach, the rest with `read`.
 */
async function readFrom(
  prefix: Prefix | undefined,
  piece: Piece,
  read: (range: Piece) => Promise<Buffer[]>,
): Promise<Buffer[]> {
  if (piece.end === piece.start) return [] // an empty object: nothing to ask for
  if (!prefix || piece.start >= prefix.end) return read(piece)
  const held = sliceChunks(prefix.chunks, piece.start, Math.min(piece.end, prefix.end))
  if (piece.end <= prefix.end) return held
  return [...held, ...(await read({ ...piece, start: prefix.end }))]
}

/**
 * The bytes of `piece` handed to `take` in order: from the bytes the first request read (`prefix`)
 * as far as they reach, the rest with `read` (which hands them to `take` itself).
 */
export async function readInto(
  prefix: Prefix | undefined,
  piece: Piece,
  take: (chunk: Buffer) => Promise<void>,
  read: (range: Piece) => Promise<unknown>,
): Promise<void> {
  if (piece.end === piece.start) return
  if (!prefix || piece.start >= prefix.end) {
    await read(piece)
    return
  }
  for (const chunk of sliceChunks(prefix.chunks, piece.start, Math.min(piece.end, prefix.end))) {
    await take(chunk)
  }
  if (piece.end > prefix.end) await read({ ...piece, start: prefix.end })
}

/**
 * The bytes `range` asks for in an object of `size` bytes, cut to its end; a range starting past
 * the end is a {@link RangeNotSatisfiableError} (but any range of an empty object is empty).
 */
export function spanOf(range: DownloadRange, size: number): ByteRange {
  if ('suffix' in range) return { start: Math.max(0, size - range.suffix), end: size }
  if (size === 0) return { start: 0, end: 0 }
  if (range.start >= size) throw new RangeNotSatisfiableError(range.start, size)
  return { start: range.start, end: Math.min(size, (range.end ?? size - 1) + 1) }
}

/** How the bytes are checked: skipped, a range, or the ETag's {@link checkEtag} verdict. */
export function verifyBytes(
  o: ResolvedDownloadOptions,
  found: { etag: string; size: number; evidence: Pick<EtagEvidence, 'bodyMd5' | 'partMd5s'> },
): DownloadVerification {
  if (o.range !== undefined) return 'range'
  if (!o.verify) return 'skipped'
  const { etag, size, evidence } = found
  const rule = o.client.multipartEtag?.bind(o.client)
  return checkEtag({ etag, size, minPartSize: o.limits.minPartSize, rule, ...evidence })
}

/**
 * Calls `onAbort` with `signal`'s reason when it aborts; returns the unsubscribe. Through
 * `downloadAborts`: one listener on a signal however many downloads share it.
 */
export function onAbortOf(
  signal: AbortSignal | undefined,
  onAbort: (reason: unknown) => void,
): () => void {
  if (!signal) return () => {}
  return downloadAborts.listen(signal, () => onAbort(signal.reason))
}

/** The bytes the first request read, from byte 0 to `end` (exclusive). */
export interface Prefix {
  readonly chunks: readonly Buffer[]
  readonly end: number
}

/** A download opened and planned: what its reader needs, whichever way it passes the bytes on. */
export interface StartedDownload {
  readonly etag: string
  readonly size: number
  /** The bytes asked for (a range), or `undefined` for the whole object. */
  readonly span: ByteRange | undefined
  readonly pieces: readonly Piece[]
  /** One piece, the whole object: read with a plain GET at first. */
  readonly whole: boolean
  readonly prefix: Prefix
  /** Aborted with `signal`, and by the reader when it ends. */
  readonly inner: AbortController
  readonly unlink: () => void
  readonly hashing: DownloadHashing
  /** Counts a resumed read (and tells `o.onResume`). */
  readonly onResume: (offset: number, error: unknown) => void
  /** Reads resumed so far. */
  readonly resumes: () => number
}

/**
 * Opens the object (its first bytes, or a HEAD), tells the size, plans the pieces along the
 * schedule or of `partSize`, and starts the hashing: the first half of every download.
 */
export async function startDownload(
  o: ResolvedDownloadOptions,
  signal: AbortSignal,
): Promise<StartedDownload> {
  let resumes = 0
  const onResume = (offset: number, error: unknown): void => {
    resumes += 1
    o.onResume?.(offset, error)
  }
  const opened = await openObject(o, signal, onResume, (size) => {
    const bytes = o.range ? spanOf(o.range, size) : { start: 0, end: size }
    o.onProgress?.({ bytes: 0, size: bytes.end - bytes.start })
  })
  const { info, etag } = opened
  const size = info.contentLength
  const span = o.range && spanOf(o.range, size)
  const schedule = span ? undefined : o.schedule?.(info)
  const parts = planRanges({ size, schedule, partSize: o.partSize, span })
  const pieces = splitRanges(parts, o.partSize)
  const inner = new AbortController()
  const unlink = onAbortOf(signal, (reason) => inner.abort(reason))
  const hashing = startHashing({
    verify: o.verify && span === undefined,
    byParts: schedule !== undefined && parts.length > 1,
    concurrency: o.concurrency,
    pieceSize: o.partSize,
    hashWorkers: o.hashWorkers,
  })
  return {
    etag,
    size,
    span,
    pieces,
    whole: pieces.length === 1 && span === undefined,
    prefix: { chunks: opened.prefix, end: opened.prefixEnd },
    inner,
    unlink,
    hashing,
    onResume,
    resumes: () => resumes,
  }
}

/**
 * The object's bytes, the chunks of one piece at a time, in order, as they arrived (for
 * `downloadStream`: the reader may keep them); returns the {@link DownloadResult} once the
 * bytes are verified (a mismatch throws instead). Leaving early (an error, an abort of `signal`, the
 * reader giving up) aborts the GETs in flight and releases the hashing workers.
 */
export async function* downloadParts(
  o: ResolvedDownloadOptions,
  signal: AbortSignal,
): AsyncGenerator<readonly Buffer[], DownloadResult> {
  const started = await startDownload(o, signal)
  const { etag, size, span, pieces, whole, inner, unlink, hashing, onResume } = started
  let prefix: Prefix | undefined = started.prefix
  const read = (range: Piece): Promise<Buffer[]> =>
    fetchRange({ ...o, etag, range, whole, signal: inner.signal, onResume })
  const fetch = async (range: Piece): Promise<FetchedPiece & { piece: Piece }> => {
    const held = prefix
    if (held && range.end >= held.end) prefix = undefined // the last piece that uses it
    const chunks = await readFrom(held, range, read)
    const md5 = await hashing.hashPiece(range, chunks, inner.signal)
    return { piece: range, chunks, md5 }
  }
  try {
    let bytes = 0
    const total = span ? span.end - span.start : size
    for await (const fetched of inOrder(pieces, o.concurrency, fetch)) {
      await hashing.feed(fetched.piece, fetched, inner.signal)
      bytes += fetched.piece.end - fetched.piece.start
      yield fetched.chunks
      o.onProgress?.({ bytes, size: total })
    }
    const verification = verifyBytes(o, { etag, size, evidence: await hashing.evidence() })
    const verified = VERIFIED.has(verification)
    return { size, bytes, etag, verified, verification, resumes: started.resumes() }
  } finally {
    inner.abort(signal.aborted ? signal.reason : new Error('the download ended'))
    unlink()
    await hashing.destroy()
  }
}
