import { once } from 'node:events'
import type { Writable } from 'node:stream'

/** Writes to `out`, waiting for `drain` when its buffer is full (backpressure). */
export async function writeOut(out: Writable, chunk: string | Uint8Array): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain')
}
