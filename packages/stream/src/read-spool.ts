import { open } from 'node:fs/promises'
import type { MemoryGauge } from './memory-gauge.js'

/** Options of {@link readSpool}. */
export interface ReadSpoolOptions {
  /** Bytes to read: the part's size. */
  readonly size: number
  /** Bytes per read (and per chunk yielded). */
  readonly chunkSize: number
  /** Holds the chunk in hand: from its read until the consumer asks for the next one. */
  readonly gauge?: MemoryGauge | undefined
}

/**
 * The first `size` bytes of a spool file, in chunks of `chunkSize` read one at a time: a fresh buffer
 * per chunk (the socket may still hold the one before), nothing read ahead, so the memory of one
 * attempt is one chunk. Ends early if the file is shorter (the request then fails on its length).
 */
export async function* readSpool(
  path: string,
  { size, chunkSize, gauge }: ReadSpoolOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  const handle = await open(path, 'r')
  let held = 0
  try {
    let position = 0
    while (position < size) {
      const want = Math.min(chunkSize, size - position)
      const buffer = Buffer.allocUnsafe(want)
      held = want
      gauge?.hold(held)
      let filled = 0
      while (filled < want) {
        const { bytesRead } = await handle.read(buffer, filled, want - filled, position + filled)
        if (bytesRead === 0) break
        filled += bytesRead
      }
      if (filled === 0) return
      position += filled
      yield filled === want ? buffer : buffer.subarray(0, filled)
      gauge?.release(held)
      held = 0
      if (filled < want) return
    }
  } finally {
    gauge?.release(held)
    await handle.close()
  }
}
