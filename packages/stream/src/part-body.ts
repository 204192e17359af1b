import type { StreamedBody } from '@jss/protocol'
import type { HashPool } from './hash-pool.js'
import type { MemoryGauge } from './memory-gauge.js'
import type { ReadPart } from './read-parts.js'
import { readSpool } from './read-spool.js'

/** How a spooled part is read back when it is sent. */
export interface SpoolReadOptions {
  /** Bytes per read. */
  readonly chunkSize: number
  readonly gauge?: MemoryGauge | undefined
}

/**
 * The request body of a part: its pooled views, or — for a spooled part — a streamed body that
 * reads the spool file chunk by chunk, afresh for every attempt, never into one buffer.
 */
export function partBody(
  part: ReadPart,
  { chunkSize, gauge }: SpoolReadOptions,
): readonly Uint8Array[] | StreamedBody {
  const path = part.spoolPath
  if (path === undefined) return part.body
  const size = part.size
  return { size, open: () => readSpool(path, { size, chunkSize, gauge }) }
}

/** MD5 of a part, hex: known for a spooled part (hashed as it was written), else from a worker. */
export function hashPart(hashes: HashPool, part: ReadPart): Promise<string> {
  if (part.md5 !== undefined) return Promise.resolve(part.md5)
  return part.spoolPath === undefined ? hashes.md5(part.body) : hashes.md5File(part.spoolPath)
}

/** Feeds a part to the running SHA-256 (call in stream order). */
export function feedSha256(hashes: HashPool, part: ReadPart): Promise<void> {
  return part.spoolPath === undefined
    ? hashes.sha256Update(part.body)
    : hashes.sha256UpdateFile(part.spoolPath)
}
