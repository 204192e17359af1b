import { createHash, type Hash } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { defaultHashWorkerNice, defaultHashWorkers } from '../hashing/default-hash-workers.js'
import { createHashPool, type HashPool, type SpoolWriter } from '../hashing/hash-pool.js'
import { type BlockPool, createBlockPool } from '../memory/block-pool.js'
import type { EtagEvidence } from './check-etag.js'
import type { Piece } from './plan-ranges.js'

/** A fetched piece, with its part's MD5 when the piece is a whole part hashed in the pool. */
export interface FetchedPiece {
  /** The piece's bytes, in the chunks they arrived in. */
  readonly chunks: readonly Buffer[]
  readonly md5: string | undefined
}

/**
 * How a download hashes: along a schedule of several parts, in the worker pool (a part of one
 * piece as soon as it is fetched, in parallel; a part of several pieces by a running MD5 in one
 * worker, fed in order); otherwise the whole body in order on the main thread; or not at all.
 * A piece is hashed from a copy in a block of shared memory (reused, read by the worker in place):
 * the chunks themselves go to the reader, who may keep them, so their memory is never reused.
 */
export interface DownloadHashing {
  /** Hashes a piece that is a whole part, as soon as it is fetched, in any order. */
  hashPiece(
    piece: Piece,
    chunks: readonly Buffer[],
    signal: AbortSignal,
  ): Promise<string | undefined>
  /**
   * Hashes a piece that is a whole part from `view` — a view of shared memory (a block of the
   * caller's pool, read in place by a worker) or, with no workers, any bytes — as soon as it is
   * fetched, in any order; `undefined` when the piece is not hashed this way. `view` must not
   * change until the promise settles.
   */
  hashView(piece: Piece, view: Uint8Array): Promise<string | undefined>
  /** Whether `feed` needs the bytes of `piece` (a whole body, or a part of several pieces). */
  needsBytes(piece: Piece): boolean
  /** Feeds the next piece, in order; waits while the previous piece of a part is being hashed. */
  feed(piece: Piece, fetched: FetchedPiece, signal: AbortSignal): Promise<void>
  /** What was hashed, once everything was fed. */
  evidence(): Promise<Pick<EtagEvidence, 'bodyMd5' | 'partMd5s'>>
  /** Releases the workers. */
  destroy(): Promise<void>
}

/** What {@link startHashing} hashes. */
export interface HashingPlan {
  /** Hash at all (`verify`, and not a range). */
  readonly verify: boolean
  /** Along the parts of a schedule (in the pool), rather than the whole body. */
  readonly byParts: boolean
  /** Ranged GETs in flight: the MD5 workers are as many, or one per core but one if fewer. */
  readonly concurrency: number
  /** The largest piece. */
  readonly pieceSize: number
  /**
   * MD5 worker threads for the parts; 0 hashes them on the main thread as the pieces arrive (no copy into shared memory, no messages: less CPU and memory, one core).
   * @default defaultHashWorkers(concurrency, availableParallelism())
   */
  readonly hashWorkers?: number | undefined
}

/** Copies `chunks` into the block of a pool: a view of exactly their bytes. */
async function copyToBlock(
  blocks: BlockPool,
  chunks: readonly Buffer[],
  signal: AbortSignal,
): Promise<{ view: Uint8Array; release(): void }> {
  const block = await blocks.acquire(signal)
  let at = 0
  for (const chunk of chunks) {
    block.set(chunk, at)
    at += chunk.byteLength
  }
  return { view: block.subarray(0, at), release: () => blocks.release(block) }
}

/** Starts the hashing of a download (the pool's workers start lazily). */
export function startHashing(plan: HashingPlan): DownloadHashing {
  const { verify, byParts, concurrency, pieceSize } = plan
  const cores = availableParallelism()
  const workers = plan.hashWorkers ?? defaultHashWorkers(concurrency, cores)
  const pool: HashPool | undefined =
    verify && byParts && workers > 0
      ? createHashPool({ size: workers, nice: defaultHashWorkerNice(workers, cores) })
      : undefined
  pool?.prestart()
  // One block per worker, and one being filled meanwhile.
  const capacity = workers + 1
  const blocks: BlockPool | undefined = pool && createBlockPool({ blockSize: pieceSize, capacity })
  const body: Hash | undefined = verify && !byParts ? createHash('md5') : undefined
  const partMd5s: Promise<string>[] = []
  // Hashing the parts on the main thread: the running MD5 of the part being fed.
  let partHash: Hash | undefined
  let session: SpoolWriter | undefined
  let writing: Promise<void> = Promise.resolve()
  return {
    needsBytes: (piece) => verify && (!byParts || !piece.first || !piece.last),
    async hashView(piece, view) {
      if (!verify || !byParts || !piece.first || !piece.last) return undefined
      if (!pool) return createHash('md5').update(view).digest('hex')
      return pool.md5([view])
    },
    async hashPiece(piece, chunks, signal) {
      if (!verify || !byParts || !piece.first || !piece.last) return undefined
      if (!pool || !blocks) {
        const hash = createHash('md5')
        for (const chunk of chunks) hash.update(chunk)
        return hash.digest('hex')
      }
      const copy = await copyToBlock(blocks, chunks, signal)
      try {
        return await pool.md5([copy.view])
      } finally {
        copy.release()
      }
    },
    async feed(piece, fetched, signal) {
      if (body) for (const chunk of fetched.chunks) body.update(chunk)
      if (!verify || !byParts) return
      if (fetched.md5 !== undefined) {
        partMd5s.push(Promise.resolve(fetched.md5))
        return
      }
      if (!pool) {
        // A part of several pieces, on the main thread: a running MD5 fed in order.
        if (piece.first) partHash = createHash('md5')
        for (const chunk of fetched.chunks) partHash?.update(chunk)
        if (piece.last && partHash) partMd5s.push(Promise.resolve(partHash.digest('hex')))
        return
      }
      if (piece.first) session = pool.openMd5()
      const part = session as SpoolWriter
      await writing // at most one piece in the worker beyond the one the reader holds
      const copy = await copyToBlock(blocks as BlockPool, fetched.chunks, signal)
      writing = part.write([copy.view]).finally(copy.release)
      writing.catch(() => {}) // awaited by the next piece or by finish()
      if (!piece.last) return
      const md5 = writing.then(() => part.finish())
      md5.catch(() => {}) // awaited by evidence(); a failure must not go unhandled before
      partMd5s.push(md5)
    },
    evidence: async () => {
      if (body) return { bodyMd5: body.digest('hex') }
      if (!verify || !byParts) return {}
      return { partMd5s: await Promise.all(partMd5s) }
    },
    destroy: async () => {
      blocks?.destroy(new Error('the download ended'))
      await pool?.destroy()
    },
  }
}
