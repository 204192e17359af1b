import { rm } from 'node:fs/promises'
import { InvariantError } from '../errors.js'
import type { SpoolWriter } from '../hashing/hash-pool.js'
import type { BlockPool } from '../memory/block-pool.js'
import type { PartBuilder } from './part.js'

/** Pooled blocks a spooling part may have on their way to its worker at once. */
export const SPOOL_BLOCKS_IN_FLIGHT = 2

/**
 * Gathers a part into a spool file: the bytes are copied into pooled blocks, and each full block is
 * handed to `writer`, which writes it to the file and feeds the part's MD5 in a worker (at most
 * {@link SPOOL_BLOCKS_IN_FLIGHT} blocks on their way). Discarding, or releasing the finished part,
 * closes and removes the file.
 */
export function startSpool(
  path: string,
  writer: SpoolWriter,
  pool: BlockPool,
  signal: AbortSignal | undefined,
): PartBuilder {
  const writes = createSpoolWrites(writer, pool)
  let block: Uint8Array | undefined
  let offset = 0
  let size = 0
  let closed = false
  let removed = false
  const release = async (): Promise<void> => {
    if (block !== undefined) pool.release(block)
    block = undefined
    await writes.drain()
    if (!closed) {
      closed = true
      await writer.discard()
    }
    if (removed) return
    removed = true
    await rm(path, { force: true })
  }
  return {
    async write(data): Promise<void> {
      let rest = data
      while (rest.byteLength > 0) {
        if (block === undefined) {
          await writes.settle(SPOOL_BLOCKS_IN_FLIGHT - 1)
          block = await pool.acquire(signal)
          offset = 0
        }
        const n = Math.min(block.byteLength - offset, rest.byteLength)
        // the pool's blocks are never empty: a copy of nothing would repeat forever
        if (!(n > 0)) throw new InvariantError(`a spool copy into a block made no progress`)
        block.set(n === rest.byteLength ? rest : rest.subarray(0, n), offset)
        offset += n
        size += n
        rest = rest.subarray(n)
        if (offset === block.byteLength) {
          writes.send(block, offset)
          block = undefined
        }
      }
    },
    async finish(partNumber, final) {
      if (block !== undefined && offset > 0) writes.send(block, offset)
      else if (block !== undefined) pool.release(block)
      block = undefined
      await writes.settle(0)
      closed = true
      const md5 = await writer.finish()
      return { kind: 'spool', partNumber, size, final, path, md5, release }
    },
    discard: release,
  }
}

/** The block writes of one spooling part on their way to its worker. */
interface SpoolWrites {
  /** Hands the first `length` bytes of a pooled block to the worker; the block goes back after. */
  send(whole: Uint8Array, length: number): void
  /** Waits until at most `keep` writes are pending; throws the first write failure. */
  settle(keep: number): Promise<void>
  /** Waits for every pending write, ignoring failures. */
  drain(): Promise<void>
}

/** Tracks the writes of a spooling part: each returns its block to `pool` once it settles. */
function createSpoolWrites(writer: SpoolWriter, pool: BlockPool): SpoolWrites {
  const writes: Promise<void>[] = []
  let failure: { error: unknown } | undefined
  return {
    send(whole, length) {
      const view = length === whole.byteLength ? whole : whole.subarray(0, length)
      const written = writer.write([view]).then(
        () => {},
        (error: unknown) => {
          failure ??= { error }
        },
      )
      writes.push(written.finally(() => pool.release(whole)))
    },
    async settle(keep) {
      while (writes.length > keep) await writes.shift()
      if (failure) throw failure.error
    },
    async drain() {
      await Promise.all(writes.splice(0))
    },
  }
}
