import { createHash, type Hash } from 'node:crypto'
import { createHashPool, type HashPool, type SpoolWriter } from '../hashing/hash-pool.js'
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
 */
export interface DownloadHashing {
  /** Hashes a piece that is a whole part, as soon as it is fetched, in any order. */
  hashPiece(piece: Piece, chunks: readonly Buffer[]): Promise<string | undefined>
  /** Feeds the next piece, in order; waits while the previous piece of a part is being hashed. */
  feed(piece: Piece, fetched: FetchedPiece): Promise<void>
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
  /** Most MD5 workers. */
  readonly workers: number
}

/** Starts the hashing of a download (the pool's workers start lazily). */
export function startHashing({ verify, byParts, workers }: HashingPlan): DownloadHashing {
  const pool: HashPool | undefined =
    verify && byParts ? createHashPool({ size: workers }) : undefined
  const body: Hash | undefined = verify && !pool ? createHash('md5') : undefined
  const partMd5s: Promise<string>[] = []
  let session: SpoolWriter | undefined
  let writing: Promise<void> = Promise.resolve()
  return {
    hashPiece: async (piece, chunks) =>
      pool && piece.first && piece.last ? pool.md5(chunks) : undefined,
    async feed(piece, fetched) {
      if (body) for (const chunk of fetched.chunks) body.update(chunk)
      if (!pool) return
      if (fetched.md5 !== undefined) {
        partMd5s.push(Promise.resolve(fetched.md5))
        return
      }
      if (piece.first) session = pool.openMd5()
      const part = session as SpoolWriter
      await writing // at most one piece in the worker beyond the one the reader holds
      writing = part.write(fetched.chunks)
      if (!piece.last) return
      const md5 = writing.then(() => part.finish())
      md5.catch(() => {}) // awaited by evidence(); a failure must not go unhandled before
      partMd5s.push(md5)
    },
    evidence: async () => {
      if (!pool) return { bodyMd5: body?.digest('hex') }
      return { partMd5s: await Promise.all(partMd5s) }
    },
    destroy: async () => pool?.destroy(),
  }
}
