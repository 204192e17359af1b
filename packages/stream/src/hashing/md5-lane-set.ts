import type { createMd5Lanes, Md5Lanes } from './md5-lanes.js'
import type { WasmMemory, WasmModule } from './wasm-api.js'

/**
 * The lanes of a hash worker: eight at most, over one instance of the lanes module per block pool
 * slab memory it was told of (so that a part is hashed in place where its blocks lie) and one of
 * its own (for inputs in no such memory). An instance's call runs only its own lanes: lanes of
 * parts in different slabs run in separate calls, one after the other in the same step.
 */
export interface Md5LaneSet extends Md5Lanes {
  /** Tells the set of a slab memory and the buffer object its chunks will be views of. */
  attach(buffer: SharedArrayBuffer, memory: WasmMemory): void
}

/**
 * Creates the set over `module`; `create` is `createMd5Lanes` (passed in, not imported, because
 * the hash worker embeds this function's source text: it refers to nothing outside its body).
 * An input goes to the instance of the slab that holds most of its bytes (its other chunks are
 * copied there); an input in no slab joins the busiest instance, to fill that one's vectors.
 * A slab whose instance cannot be made (its memory has no room left for the scratch of one more
 * thread) is hashed by copying, in the set's own instance.
 */
export function createMd5LaneSet(module: WasmModule, create: typeof createMd5Lanes): Md5LaneSet {
  const LANES = 8
  const own = create(module)
  const memories = new Map<SharedArrayBuffer, WasmMemory>()
  const instances = new Map<SharedArrayBuffer, Md5Lanes>()
  const all: Md5Lanes[] = [own]
  let busy = 0

  /** The instance of `buffer`'s slab (made at its first input), or `undefined` for none. */
  const instanceOf = (buffer: SharedArrayBuffer): Md5Lanes | undefined => {
    let lanes = instances.get(buffer)
    if (lanes) return lanes
    const memory = memories.get(buffer)
    if (!memory) return undefined
    try {
      lanes = create(module, { memory, buffer })
    } catch {
      lanes = own // no room for this thread's scratch in the slab: copy
    }
    instances.set(buffer, lanes)
    if (lanes !== own) all.push(lanes)
    return lanes
  }
  /** Where an input runs (see {@link createMd5LaneSet}). */
  const pick = (chunks: readonly Uint8Array[]): Md5Lanes => {
    const bytesIn = new Map<ArrayBufferLike, number>()
    let best: ArrayBufferLike | undefined
    for (const chunk of chunks) {
      if (!memories.has(chunk.buffer as SharedArrayBuffer)) continue
      const n = (bytesIn.get(chunk.buffer) ?? 0) + chunk.byteLength
      bytesIn.set(chunk.buffer, n)
      if (best === undefined || n > (bytesIn.get(best) ?? 0)) best = chunk.buffer
    }
    if (best !== undefined) return instanceOf(best as SharedArrayBuffer) ?? own
    return all.reduce((a, b) => (b.busy > a.busy ? b : a), own)
  }

  const self: Md5LaneSet = {
    get free() {
      return LANES - busy
    },
    get busy() {
      return busy
    },
    get copiedBytes() {
      return all.reduce((sum, lanes) => sum + lanes.copiedBytes, 0)
    },
    attach(buffer, memory) {
      memories.set(buffer, memory)
    },
    add(chunks, token) {
      if (busy >= LANES) throw new Error('no free MD5 lane')
      pick(chunks).add(chunks, token)
      busy++
    },
    step() {
      const finished: { token: unknown; hex: string }[] = []
      for (const lanes of all) {
        if (lanes.busy === 0) continue
        for (const done of lanes.step()) finished.push(done)
      }
      busy -= finished.length
      return finished
    },
    digest(inputs) {
      const out: string[] = Array.from({ length: inputs.length }, () => '')
      let next = 0
      while (next < inputs.length || busy > 0) {
        while (next < inputs.length && busy < LANES) {
          self.add(inputs[next] as readonly Uint8Array[], next)
          next++
        }
        for (const { token, hex } of self.step()) out[token as number] = hex
      }
      return out
    },
  }
  return self
}
