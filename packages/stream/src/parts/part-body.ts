import type { StreamedBody } from '@jss/protocol'
import type { HashPool } from '../hashing/hash-pool.js'
import type { BufferShelf } from '../memory/buffer-shelf.js'
import type { MemoryGauge } from '../memory/memory-gauge.js'
import type { ReadPart } from './part.js'
import { readSpool } from './read-spool.js'

/**
 * Blocks of the uploader's pool that a spooled part may read its file through: one block per read
 * instead of a small chunk, and the next one read while this one is sent. They are taken only when
 * free (never waited for), so a part that finds none reads through its own small buffers instead.
 */
export interface SpoolReadBlocks {
  readonly blockSize: number
  /** A free block now (counted as the upload's), or `undefined`; never waits. */
  tryAcquire(): Uint8Array | undefined
  release(block: Uint8Array): void
}

/** How a spooled part is read back when it is sent. */
export interface SpoolReadOptions {
  /** Bytes per read into the part's own buffers. */
  readonly chunkSize: number
  readonly gauge?: MemoryGauge | undefined
  /** Where the read buffers come from and go back to. @default fresh buffers per part */
  readonly shelf?: BufferShelf | undefined
  /** Pooled blocks to read through when free: see {@link SpoolReadBlocks}. @default none */
  readonly blocks?: SpoolReadBlocks | undefined
}

/** A part's request body and what to do once its request has settled. */
export interface PartBody {
  readonly body: readonly Uint8Array[] | StreamedBody
  /** Gives a spooled part's read buffers back to the shelf: call once no attempt is under way. */
  release(): void
}

/** Blocks a spooled part reads through: one being sent, the one before it, one read ahead. */
export const SPOOL_READ_BLOCKS = 3

/** `count` free blocks of `blocks`, or none (any taken given back). */
function takeBlocks(blocks: SpoolReadBlocks, count: number): Uint8Array[] | undefined {
  const taken: Uint8Array[] = []
  while (taken.length < count) {
    const block = blocks.tryAcquire()
    if (block === undefined) {
      for (const t of taken) blocks.release(t)
      return undefined
    }
    taken.push(block)
  }
  return taken
}

/**
 * The request body of a part: its pooled views, or — for a spooled part — a streamed body that
 * reads the spool file chunk by chunk, afresh for every attempt, never into one buffer. At its first
 * attempt the part takes {@link SPOOL_READ_BLOCKS} free blocks of `blocks` if it can (reading one
 * block at a time, the next one ahead), else two buffers of `chunkSize` from the shelf; every attempt
 * reads through the same buffers, given back by `release()` — after the request has settled, when
 * the socket can no longer be sending from them.
 */
export function partBody(
  part: ReadPart,
  { chunkSize, gauge, shelf, blocks }: SpoolReadOptions,
): PartBody {
  if (part.kind === 'memory') return { body: part.body, release: () => {} }
  const { path, size } = part
  const buffers: Uint8Array[] = []
  let pooled: boolean | undefined
  const allocate = shelf ? () => shelf.take() : undefined
  const open = (): AsyncIterable<Uint8Array> => {
    if (pooled === undefined) {
      const taken =
        blocks !== undefined && blocks.blockSize > chunkSize
          ? takeBlocks(blocks, SPOOL_READ_BLOCKS)
          : undefined
      pooled = taken !== undefined
      if (taken) buffers.push(...taken)
    }
    return pooled && blocks
      ? readSpool(path, { size, chunkSize: blocks.blockSize, buffers, readAhead: 1 })
      : readSpool(path, { size, chunkSize, gauge, buffers, allocate })
  }
  return {
    body: { size, open },
    release() {
      for (const buffer of buffers.splice(0)) {
        if (pooled && blocks) blocks.release(buffer)
        else if (Buffer.isBuffer(buffer)) shelf?.give(buffer)
      }
      pooled = undefined
    },
  }
}

/** MD5 of a part, hex: known for a spooled part (hashed as it was written), else from a worker. */
export function hashPart(hashes: HashPool, part: ReadPart): Promise<string> {
  return part.kind === 'spool' ? Promise.resolve(part.md5) : hashes.md5(part.body)
}

/** Feeds a part to the running SHA-256 (call in stream order). */
export function feedSha256(hashes: HashPool, part: ReadPart): Promise<void> {
  return part.kind === 'memory'
    ? hashes.sha256Update(part.body)
    : hashes.sha256UpdateFile(part.path)
}
