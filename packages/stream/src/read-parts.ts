import { type FileHandle, open, rm } from 'node:fs/promises'
import type { BlockPool } from './block-pool.js'
import type { PartSegment } from './split-stream.js'

/** One whole part, in pooled memory or in a spool file. */
export interface ReadPart {
  readonly partNumber: number
  readonly size: number
  /** The stream ended inside this part: it is the last one and may be shorter than planned. */
  readonly final: boolean
  /** The bytes, as views of pooled blocks; empty for a spooled part. */
  readonly body: readonly Uint8Array[]
  /** The file holding the part when it is larger than the memory budget. */
  readonly spoolPath: string | undefined
  /** Returns the blocks to the pool or removes the spool file; safe to call more than once. */
  release(): Promise<void>
}

/** Options of {@link readParts}. */
export interface ReadPartsOptions {
  readonly pool: BlockPool
  /** The planned size of a part, known from its first segment. */
  readonly plannedSize: (segment: PartSegment) => number
  /** A fresh path for a spool file. */
  readonly spoolPath: () => Promise<string>
  readonly signal?: AbortSignal | undefined
  /** Called with the byte count of every segment read. */
  readonly onBytes?: ((bytes: number) => void) | undefined
}

/**
 * Gathers segments into parts. A part that fits the pool is copied into pooled shared blocks (the
 * one copy of each byte; waiting for a block is the back-pressure on the source); a larger part is
 * written to a spool file, so that it can be hashed and retried without holding it in memory.
 */
export async function* readParts(
  segments: AsyncIterable<PartSegment>,
  { pool, plannedSize, spoolPath, signal, onBytes }: ReadPartsOptions,
): AsyncGenerator<ReadPart, void, undefined> {
  const budget = pool.blockSize * pool.capacity
  let current: PartBuilder | undefined
  let partNumber = 0
  try {
    for await (const segment of segments) {
      if (current === undefined) {
        const spool = plannedSize(segment) > budget ? await spoolPath() : undefined
        current = spool === undefined ? memoryBuilder(pool, signal) : await fileBuilder(spool)
        partNumber = segment.partNumber
      }
      await current.write(segment.data)
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

interface PartBuilder {
  write(data: Uint8Array): Promise<void>
  finish(partNumber: number, final: boolean): Promise<ReadPart>
  discard(): Promise<void>
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
  return {
    async write(data) {
      let rest = data
      while (rest.byteLength > 0) {
        if (offset === pool.blockSize) {
          blocks.push(await pool.acquire(signal))
          offset = 0
        }
        const n = Math.min(pool.blockSize - offset, rest.byteLength)
        blocks[blocks.length - 1]!.set(n === rest.byteLength ? rest : rest.subarray(0, n), offset)
        offset += n
        size += n
        rest = rest.subarray(n)
      }
    },
    async finish(partNumber, final) {
      const body = blocks.map((block, i) =>
        i === blocks.length - 1 && offset < pool.blockSize ? block.subarray(0, offset) : block,
      )
      return { partNumber, size, final, body, spoolPath: undefined, release }
    },
    discard: release,
  }
}

async function fileBuilder(path: string): Promise<PartBuilder> {
  let handle: FileHandle | undefined = await open(path, 'wx', 0o600)
  let size = 0
  let removed = false
  const release = async (): Promise<void> => {
    const h = handle
    handle = undefined
    await h?.close().catch(() => {})
    if (removed) return
    removed = true
    await rm(path, { force: true })
  }
  return {
    async write(data) {
      let written = 0
      while (written < data.byteLength) {
        const { bytesWritten } = await handle!.write(data, written)
        written += bytesWritten
      }
      size += data.byteLength
    },
    async finish(partNumber, final) {
      const h = handle
      handle = undefined
      await h?.close()
      return { partNumber, size, final, body: [], spoolPath: path, release }
    },
    discard: release,
  }
}
