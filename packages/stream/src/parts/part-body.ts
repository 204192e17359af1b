import type { StreamedBody } from '@jss/protocol'
import type { HashPool } from '../hashing/hash-pool.js'
import type { BufferShelf } from '../memory/buffer-shelf.js'
import type { MemoryGauge } from '../memory/memory-gauge.js'
import type { ReadPart } from './part.js'
import { readSpool } from './read-spool.js'

/** How a spooled part is read back when it is sent. */
export interface SpoolReadOptions {
  /** Bytes per read. */
  readonly chunkSize: number
  readonly gauge?: MemoryGauge | undefined
  /** Where the read buffers come from and go back to. @default fresh buffers per part */
  readonly shelf?: BufferShelf | undefined
}

/** A part's request body and what to do once its request has settled. */
export interface PartBody {
  readonly body: readonly Uint8Array[] | StreamedBody
  /** Gives a spooled part's read buffers back to the shelf: call once no attempt is under way. */
  release(): void
}

/**
 * The request body of a part: its pooled views, or — for a spooled part — a streamed body that
 * reads the spool file chunk by chunk, afresh for every attempt, never into one buffer. Every attempt
 * of the part reads through the same two buffers, taken from the shelf and given back by `release()`
 * — after the request has settled, when the socket can no longer be sending from them.
 */
export function partBody(part: ReadPart, { chunkSize, gauge, shelf }: SpoolReadOptions): PartBody {
  if (part.kind === 'memory') return { body: part.body, release: () => {} }
  const { path, size } = part
  const buffers: Buffer[] = []
  const allocate = shelf ? () => shelf.take() : undefined
  return {
    body: { size, open: () => readSpool(path, { size, chunkSize, gauge, buffers, allocate }) },
    release() {
      for (const buffer of buffers.splice(0)) shelf?.give(buffer)
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
