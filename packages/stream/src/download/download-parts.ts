import { createHash, type Hash } from 'node:crypto'
import { createHashPool, type HashPool } from '../hashing/hash-pool.js'
import { checkEtag, type EtagEvidence } from './check-etag.js'
import type { DownloadResult, ResolvedDownloadOptions } from './download-options.js'
import { fetchRange, normalizeEtag } from './fetch-range.js'
import { type ByteRange, planRanges } from './plan-ranges.js'

/** A fetched range, with its MD5 when the parts are hashed in the pool. */
interface FetchedPart {
  readonly bytes: Buffer
  readonly md5: string | undefined
}

/**
 * How a download hashes: each part in the worker pool (along a schedule of several parts), the
 * whole body in order on the main thread (otherwise), or not at all (`verify: false`).
 */
interface DownloadHashing {
  /** Hashes a part as soon as it is fetched (the pool), in any order. */
  hashPart(bytes: Buffer): Promise<string | undefined>
  /** Feeds the whole-body MD5 with the next part, in order. */
  feed(part: FetchedPart): void
  evidence(): Pick<EtagEvidence, 'bodyMd5' | 'partMd5s'>
  /** Releases the workers. */
  destroy(): Promise<void>
}

/** Starts the hashing that verifies a download of `ranges` (the pool's workers start lazily). */
function startHashing(o: ResolvedDownloadOptions, ranges: number): DownloadHashing {
  const pool: HashPool | undefined =
    o.verify && o.schedule && ranges > 1 ? createHashPool({ size: o.concurrency }) : undefined
  const body: Hash | undefined = o.verify && !pool ? createHash('md5') : undefined
  const partMd5s: string[] = []
  return {
    hashPart: async (bytes) => (pool ? pool.md5([bytes]) : undefined),
    feed(part) {
      body?.update(part.bytes)
      if (part.md5 !== undefined) partMd5s.push(part.md5)
    },
    evidence: () => (pool ? { partMd5s } : { bodyMd5: body?.digest('hex') }),
    destroy: async () => pool?.destroy(),
  }
}

/**
 * The results of `fetch` over `ranges`, in order, with at most `concurrency` fetched or in flight
 * while the reader holds the last one yielded: a bounded reorder window. The next range starts only
 * once the reader pulls, so a slow reader holds the download back.
 */
async function* inOrder<T>(
  ranges: readonly ByteRange[],
  concurrency: number,
  fetch: (range: ByteRange) => Promise<T>,
): AsyncGenerator<T> {
  const window: Promise<T>[] = []
  let next = 0
  for (;;) {
    while (window.length < concurrency && next < ranges.length) {
      const fetching = fetch(ranges[next++] as ByteRange)
      fetching.catch(() => {}) // awaited in turn; an early failure must not go unhandled
      window.push(fetching)
    }
    const head = window.shift()
    if (head === undefined) return
    yield await head
  }
}

/** Calls `onAbort` with `signal`'s reason when it aborts; returns the unsubscribe. */
function onAbortOf(
  signal: AbortSignal | undefined,
  onAbort: (reason: unknown) => void,
): () => void {
  if (!signal) return () => {}
  const listener = (): void => onAbort(signal.reason)
  signal.addEventListener('abort', listener, { once: true })
  return () => signal.removeEventListener('abort', listener)
}

/**
 * The object's bytes, one buffer per range, in order; returns the {@link DownloadResult} once the
 * bytes are verified (a mismatch throws instead). Leaving early (an error, an abort of `signal`, the
 * reader giving up) aborts the GETs in flight and releases the hashing workers.
 */
export async function* downloadParts(
  o: ResolvedDownloadOptions,
  signal: AbortSignal,
): AsyncGenerator<Buffer, DownloadResult> {
  const { client, bucket, key } = o
  const info = await client.headObject({ bucket, key }, { signal })
  const etag = normalizeEtag(info.etag)
  const size = info.contentLength
  const ranges = planRanges({ size, schedule: o.schedule, partSize: o.partSize })
  const whole = ranges.length === 1
  const inner = new AbortController()
  const unlink = onAbortOf(signal, (reason) => inner.abort(reason))
  const hashing = startHashing(o, ranges.length)
  const fetch = async (range: ByteRange): Promise<FetchedPart> => {
    const bytes = await fetchRange({ ...o, etag, range, whole, signal: inner.signal })
    return { bytes, md5: await hashing.hashPart(bytes) }
  }
  try {
    let bytes = 0
    for await (const part of inOrder(ranges, o.concurrency, fetch)) {
      hashing.feed(part)
      bytes += part.bytes.byteLength
      yield part.bytes
      o.onProgress?.({ bytes, size })
    }
    const verified =
      o.verify &&
      checkEtag({ etag, size, minPartSize: o.limits.minPartSize, ...hashing.evidence() })
    return { size, etag, verified }
  } finally {
    inner.abort(signal.aborted ? signal.reason : new Error('the download ended'))
    unlink()
    await hashing.destroy()
  }
}
