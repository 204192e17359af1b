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
  /** Bytes per read (and per chunk yielded). */
  readonly chunkSize: number
  /** Holds the read buffers (at most two chunks) while the file is read. */
  readonly gauge?: MemoryGauge | undefined
  /**
   * The read buffers, kept by the caller across reads of one part (its retries): used in turn, and
   * filled up to two with `allocate` as needed. @default fresh ones for this read
   */
  readonly buffers?: Buffer[] | undefined
  /** Makes a read buffer of at least `chunkSize` bytes. @default Buffer.allocUnsafe */
  readonly allocate?: (() => Buffer) | undefined
}

/**
 * The first `size` bytes of a spool file, in chunks of `chunkSize` read one at a time, nothing read
 * ahead, into two buffers used in turn: a yielded chunk stays intact until the one after the next is
 * read. An HTTP request body needs less — undici hands a chunk to the socket and waits for it to
 * drain before it asks for the next one — so the one chunk of slack costs no copy. The buffers can
 * be the caller's (`buffers`, `allocate`), so that parts reuse them once their requests have settled
 * instead of making garbage (see `partBody`). Were a chunk ever overwritten while still being sent,
 * the part's Content-MD5 would make the server refuse it. Ends early if the file is shorter (the
 * request then fails on its length).
 */
export async function* readSpool(
  path: string,
  { size, chunkSize, gauge, buffers = [], allocate }: ReadSpoolOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  const handle = await open(path, 'r')
  const used = new Set<Buffer>()
  try {
    let position = 0
    let turn = 0
    while (position < size) {
      const want = Math.min(chunkSize, size - position)
      if (buffers.length <= turn) {
        buffers.push(allocate ? allocate() : Buffer.allocUnsafe(Math.min(chunkSize, size)))
      }
      const buffer = buffers[turn] as Buffer
      if (!used.has(buffer)) {
        used.add(buffer)
        gauge?.hold(buffer.byteLength)
      }
      turn = 1 - turn
      let filled = 0
      while (filled < want) {
        const { bytesRead } = await handle.read(buffer, filled, want - filled, position + filled)
        if (bytesRead === 0) break
        filled += bytesRead
      }
      if (filled === 0) return
      position += filled
      yield buffer.subarray(0, filled)
      if (filled < want) return
    }
  } finally {
    for (const buffer of used) gauge?.release(buffer.byteLength)
    await handle.close()
  }
}
