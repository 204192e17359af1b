import { open } from 'node:fs/promises'
import type { MemoryGauge } from '../memory/memory-gauge.js'

/**
 * Bytes per read of a spool file as its part is sent: small enough that a chunk the socket cannot
 * take at once stays under glibc's default mmap threshold (128 KiB). With 1 MiB reads, a 16 GiB
 * upload (whose last parts, 64 MiB and more, are spooled) grew the C heap by 10 MB; with 64 KiB
 * reads it did not grow at all (docs/benchmarks.md).
 */
export const SPOOL_READ_CHUNK_SIZE: number = 64 * 1024

/** Options of {@link readSpool}. */
export interface ReadSpoolOptions {
  /** Bytes to read: the part's size. */
  readonly size: number
  /** Bytes per read (and per chunk yielded): at most the size of a buffer. */
  readonly chunkSize: number
  /** Holds the read buffers (at most `2 + readAhead` chunks) while the file is read. */
  readonly gauge?: MemoryGauge | undefined
  /**
   * The read buffers, kept by the caller across reads of one part (its retries): used in turn, and
   * filled up to `2 + readAhead` with `allocate` as needed. @default fresh ones for this read
   */
  readonly buffers?: Uint8Array[] | undefined
  /** Makes a read buffer of at least `chunkSize` bytes. @default Buffer.allocUnsafe */
  readonly allocate?: (() => Uint8Array) | undefined
  /**
   * Chunks read ahead of the one being sent, each into a buffer of its own: 1 overlaps the read of
   * the next chunk with the sending of this one. @default 0
   */
  readonly readAhead?: 0 | 1 | undefined
}

/** One read of a chunk, under way: the buffer and the bytes it is to hold. */
interface ChunkRead {
  readonly buffer: Uint8Array
  readonly want: number
  readonly filled: Promise<number>
}

/**
 * The first `size` bytes of a spool file, in chunks of `chunkSize`, read into `2 + readAhead`
 * buffers used in turn; with `readAhead` 1 the next chunk is read while the consumer sends this one.
 * Either way a yielded chunk stays intact until the consumer asks for the one after the next (a
 * read into its buffer starts only then). An HTTP request body needs less — undici hands a chunk to
 * the socket and waits for it to drain before it asks for the next one — so the one chunk of slack
 * costs no copy. The buffers can be the caller's (`buffers`, `allocate`), so that parts reuse them
 * once their requests have settled instead of making garbage (see `partBody`). Were a chunk ever
 * overwritten while still being sent, the part's Content-MD5 would make the server refuse it. Ends
 * early if the file is shorter (the request then fails on its length).
 */
export async function* readSpool(
  path: string,
  { size, chunkSize, gauge, buffers = [], allocate, readAhead = 0 }: ReadSpoolOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  const handle = await open(path, 'r')
  const used = new Set<Uint8Array>()
  const turns = 2 + readAhead
  const reads: ChunkRead[] = []
  let turn = 0
  let position = 0
  const bufferFor = (index: number): Uint8Array => {
    if (buffers.length <= index) {
      buffers.push(allocate ? allocate() : Buffer.allocUnsafe(Math.min(chunkSize, size)))
    }
    const buffer = buffers[index] as Uint8Array
    if (!used.has(buffer)) {
      used.add(buffer)
      gauge?.hold(buffer.byteLength)
    }
    return buffer
  }
  const fill = async (buffer: Uint8Array, from: number, want: number): Promise<number> => {
    let filled = 0
    while (filled < want) {
      const { bytesRead } = await handle.read(buffer, filled, want - filled, from + filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return filled
  }
  /** Starts reads until the chunk asked for and `readAhead` more are under way (or all of the part). */
  const topUp = (): void => {
    while (reads.length < 1 + readAhead && position < size) {
      const want = Math.min(chunkSize, size - position)
      const buffer = bufferFor(turn)
      turn = (turn + 1) % turns
      const filled = fill(buffer, position, want)
      // awaited in turn below; a read left behind when the consumer stops early is settled there
      filled.catch(() => {})
      reads.push({ buffer, want, filled })
      position += want
    }
  }
  try {
    for (;;) {
      // the consumer asks for a chunk: the one yielded before the last may be overwritten now
      topUp()
      const read = reads.shift()
      if (read === undefined) return
      const filled = await read.filled
      if (filled === 0) return
      yield read.buffer.subarray(0, filled)
      if (filled < read.want) return
    }
  } finally {
    // no read may still be filling a buffer once it goes back to its owner
    await Promise.all(reads.splice(0).map((read) => read.filled.catch(() => 0)))
    for (const buffer of used) gauge?.release(buffer.byteLength)
    await handle.close()
  }
}
