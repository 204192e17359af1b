import { InvalidOptionError } from '../errors.js'
import { createBlockPool } from '../memory/block-pool.js'
import {
  type DownloadResult,
  type DownloadStreamOptions,
  type ResolvedDownloadOptions,
  resolveDownloadOptions,
} from './download-options.js'
import {
  inOrder,
  onAbortOf,
  type Prefix,
  readInto,
  startDownload,
  VERIFIED,
  verifyBytes,
} from './download-parts.js'
import { fetchRange } from './fetch-range.js'
import type { Piece } from './plan-ranges.js'

/** Options of {@link downloadTo}: those of `downloadStream`, and what takes the bytes. */
export interface DownloadToOptions extends DownloadStreamOptions {
  /**
   * Takes the bytes in order, one piece (at most `partSize` bytes) at a time, and resolves once it
   * is done with them: the next piece comes after. The bytes are a view of a block of memory that
   * is reused once the promise resolves — copy what you keep. Required.
   * @example (bytes) => new Promise((resolve, reject) => process.stdout.write(bytes, (e) => (e ? reject(e) : resolve())))
   */
  readonly write: (bytes: Buffer) => Promise<void>
}

/**
 * A piece fetched into its block, its MD5 (started as soon as it came) and, written at its offset,
 * that write.
 */
interface FetchedBlock {
  readonly piece: Piece
  readonly block: Uint8Array
  readonly bytes: Buffer
  readonly md5: Promise<string | undefined>
  readonly written: Promise<void> | undefined
}

/**
 * Downloads an object with parallel ranged GETs, as `downloadStream` does, and hands its bytes in
 * order to `write` — in a few reused blocks of memory rather than in the chunks they arrived in:
 * each chunk is copied into its piece's block as it arrives (so no chunk outlives its arrival),
 * a piece that is a whole part is hashed from its block in place by a worker as soon as it is
 * complete (several at once share the workers' SIMD lanes), and the block is reused once `write`
 * has taken it. Memory: (concurrency + 1) blocks of `partSize`, whatever the object's size.
 * Resolves with the {@link DownloadResult} once every byte was written and verified; a mismatch
 * rejects with a `DownloadIntegrityError` after the bytes were written (they must not be used).
 * An abort of `signal` rejects with its reason, even while `write` has not settled; a failure of
 * `write` rejects with it (never retried). Invalid options throw an `InvalidOptionError` before any request.
 * @example
 * const result = await downloadTo({ client, bucket: 'b', key: 'backup.tar', schedule, write })
 */
export async function downloadTo(options: DownloadToOptions): Promise<DownloadResult> {
  const resolved = resolveDownloadOptions(options)
  const { write } = options
  if (typeof write !== 'function') {
    throw new InvalidOptionError('write must be a function that takes the bytes and resolves')
  }
  const controller = new AbortController()
  const user = resolved.signal
  const unlink = onAbortOf(user, (reason) => controller.abort(reason))
  if (user?.aborted) controller.abort(user.reason)
  try {
    return await downloadBlocks(resolved, controller.signal, { write })
  } catch (error) {
    controller.abort(error)
    throw controller.signal.reason ?? error
  } finally {
    unlink()
  }
}

/**
 * Where {@link downloadBlocks} puts the bytes: in order (`write`, each piece once the ones before it
 * were taken), or at their offsets (`writeAt`, counted from the first byte downloaded, as soon as
 * a piece is fetched, in any order).
 */
export type BlockSink =
  | { readonly write: (bytes: Buffer) => Promise<void> }
  | { readonly writeAt: (offset: number, bytes: Buffer) => Promise<void> }

/**
 * The download of `o` through (concurrency + 1) reused blocks: each piece fetched into a block,
 * hashed there in place, handed to `sink`, then fed to the in-order hashing and released in order.
 */
export async function downloadBlocks(
  o: ResolvedDownloadOptions,
  signal: AbortSignal,
  sink: BlockSink,
): Promise<DownloadResult> {
  signal.throwIfAborted()
  const started = await startDownload(o, signal)
  const { etag, size, span, pieces, whole, inner, unlink, hashing, onResume } = started
  let prefix: Prefix | undefined = started.prefix
  // Pieces fetched or in flight, and the one being written: a block each.
  const largest = pieces.reduce((most, p) => Math.max(most, p.end - p.start), 1)
  const blocks = createBlockPool({ blockSize: largest, capacity: o.concurrency + 1 })

  const fetchInto = async (piece: Piece): Promise<FetchedBlock> => {
    const held = prefix
    if (held && piece.end >= held.end) prefix = undefined // the last piece that uses it
    const block = await blocks.acquire(inner.signal)
    let at = 0
    const take = (chunk: Buffer): void => {
      block.set(chunk, at)
      at += chunk.byteLength
    }
    try {
      await readInto(
        held,
        piece,
        async (chunk) => take(chunk),
        (range) =>
          fetchRange({ ...o, etag, range, whole, signal: inner.signal, onResume, onChunk: take }),
      )
    } catch (error) {
      blocks.release(block)
      throw error
    }
    const bytes = Buffer.from(block.buffer, block.byteOffset, at)
    const md5 = hashing.hashView(piece, bytes)
    md5.catch(() => {}) // awaited in turn; a failure must not go unhandled before
    const written =
      'writeAt' in sink && at > 0
        ? untilAborted(sink.writeAt(piece.start - (span?.start ?? 0), bytes), inner.signal)
        : undefined
    written?.catch(() => {}) // awaited in turn, as the MD5
    return { piece, block, bytes, md5, written }
  }

  const window = inOrder(pieces, o.concurrency, fetchInto)
  try {
    let bytes = 0
    const total = span ? span.end - span.start : size
    for await (const fetched of window) {
      try {
        const write =
          'write' in sink && fetched.bytes.byteLength > 0
            ? untilAborted(sink.write(fetched.bytes), inner.signal)
            : fetched.written
        const [md5] = await Promise.all([fetched.md5, write])
        const needed = hashing.needsBytes(fetched.piece) ? [fetched.bytes] : []
        await hashing.feed(fetched.piece, { chunks: needed, md5 }, inner.signal)
      } finally {
        blocks.release(fetched.block)
      }
      bytes += fetched.piece.end - fetched.piece.start
      o.onProgress?.({ bytes, size: total })
    }
    const verification = verifyBytes(o, { etag, size, evidence: await hashing.evidence() })
    return {
      size,
      bytes,
      etag,
      verified: VERIFIED.has(verification),
      verification,
      resumes: started.resumes(),
    }
  } finally {
    inner.abort(signal.aborted ? signal.reason : new Error('the download ended'))
    unlink()
    await window.return(undefined)
    blocks.destroy(new Error('the download ended'))
    await hashing.destroy()
  }
}

/**
 * `promise`, or `signal.reason` once it aborts: a `write` that never settles (a pipe nobody reads)
 * must not hold an aborted download. Its block is then never reused: the download is over.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
