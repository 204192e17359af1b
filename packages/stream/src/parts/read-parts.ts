import { InvariantError } from '../errors.js'
import type { SpoolWriter } from '../hashing/hash-pool.js'
import type { PartSegment } from '../input/split-stream.js'
import type { BlockPool } from '../memory/block-pool.js'
import type { PartBuilder, ReadPart } from './part.js'
import { SPOOL_BLOCKS_IN_FLIGHT, startSpool } from './start-spool.js'

/** Options of {@link readParts}. */
export interface ReadPartsOptions {
  readonly pool: BlockPool
  /** The planned size of a part, known from its first segment. */
  readonly plannedSize: (segment: PartSegment) => number
  /** A fresh path for a spool file. */
  readonly spoolPath: () => Promise<string>
  /** Creates the spool file at a path, written and hashed by a worker (`HashPool.openSpool`). */
  readonly openSpool: (path: string) => SpoolWriter
  readonly signal?: AbortSignal | undefined
  /** Called with the byte count of every segment read. */
  readonly onBytes?: ((bytes: number) => void) | undefined
}

/**
 * Gathers segments into parts. A part that fits the pool is copied into pooled shared blocks (the
 * one copy of each byte; waiting for a block is the back-pressure on the source); a larger part is
 * spooled to a file, so that it can be retried without holding it in memory: its bytes pass through
 * pooled blocks (at most {@link SPOOL_BLOCKS_IN_FLIGHT}), each written to the file (by libuv's thread
 * pool) while a worker feeds the part's MD5, so the spooled part is hashed as it is written, off the
 * main thread.
 */
export async function* readParts(
  segments: AsyncIterable<PartSegment>,
  options: ReadPartsOptions,
): AsyncGenerator<ReadPart, void, undefined> {
  const { onBytes } = options
  let current: PartBuilder | undefined
  let partNumber = 0
  try {
    for await (const segment of segments) {
      if (current === undefined) {
        current = (await startPart(segment, options)).builder
        partNumber = segment.partNumber
      }
      const writing = current.write(segment.data)
      if (writing !== undefined) await writing
      onBytes?.(segment.data.byteLength)
      if (segment.partDone) {
        const part = await current.finish(partNumber, false)
        current = undefined
        yield part
      }
    }
    if (current !== undefined) {
      const part = await current.finish(partNumber, true)
      current = undefined
      yield part
    }
  } finally {
    await current?.discard()
  }
}

/** A part begun by {@link startPart}. */
export interface PartStart {
  readonly builder: PartBuilder
  /** Its planned size in bytes, a positive integer. */
  readonly plannedSize: number
}

/**
 * The part that `segment` starts: gathered in pooled blocks when its planned size fits the pool,
 * else in a spool file.
 */
export async function startPart(
  segment: PartSegment,
  { pool, plannedSize, spoolPath, openSpool, signal }: ReadPartsOptions,
): Promise<PartStart> {
  const planned = plannedSize(segment)
  if (!(Number.isSafeInteger(planned) && planned > 0)) {
    throw new InvariantError(
      `part ${segment.partNumber} has a planned size of ${planned}, not a positive integer`,
    )
  }
  if (planned <= pool.blockSize * pool.capacity) {
    return { builder: memoryBuilder(pool, signal), plannedSize: planned }
  }
  const spool = await spoolPath()
  return { builder: startSpool(spool, openSpool(spool), pool, signal), plannedSize: planned }
}

function memoryBuilder(pool: BlockPool, signal: AbortSignal | undefined): PartBuilder {
  const blocks: Uint8Array[] = []
  let offset = pool.blockSize
  let size = 0
  let released = false
  const release = async (): Promise<void> => {
    if (released) return
    released = true
    for (const block of blocks) pool.release(block)
  }
  /** Copies `data` from `from` on while blocks are at hand; answers where it stopped. */
  const copy = (data: Uint8Array, from: number): number => {
    let at = from
    while (at < data.byteLength) {
      if (offset === pool.blockSize) {
        const block = pool.tryAcquire()
        if (block === undefined) return at
        blocks.push(block)
        offset = 0
      }
      const n = Math.min(pool.blockSize - offset, data.byteLength - at)
      // the pool's blocks are never empty: a copy of nothing would repeat forever
      if (!(n > 0))
        throw new InvariantError(`a copy into a block of ${pool.blockSize} made no progress`)
      blocks[blocks.length - 1]!.set(
        at === 0 && n === data.byteLength ? data : data.subarray(at, at + n),
        offset,
      )
      offset += n
      size += n
      at += n
    }
    return at
  }
  const copyWaiting = async (data: Uint8Array, from: number): Promise<void> => {
    let at = from
    while (at < data.byteLength) {
      blocks.push(await pool.acquire(signal))
      offset = 0
      at = copy(data, at)
    }
  }
  return {
    write(data) {
      const at = copy(data, 0)
      return at === data.byteLength ? undefined : copyWaiting(data, at)
    },
    async finish(partNumber, final) {
      const body = blocks.map((block, i) =>
        i === blocks.length - 1 && offset < pool.blockSize ? block.subarray(0, offset) : block,
      )
      return { kind: 'memory', partNumber, size, final, body, release }
    },
    discard: release,
  }
}
