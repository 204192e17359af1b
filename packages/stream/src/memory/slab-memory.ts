import { type WasmMemory, wasmApi } from '../hashing/wasm-api.js'

/** Bytes of a WebAssembly page. */
const PAGE = 65536

/** The most pages of a 32-bit WebAssembly memory (4 GiB). */
const MAX_PAGES = 65536

/**
 * Pages a slab memory may grow by beyond its blocks: room for the MD5 lanes' scratch of 64 hash
 * workers (each claims `MD5_LANES_SCRATCH_PAGES`, 33, with one `grow`). A maximum reserves address
 * space only; nothing is committed until a worker grows the memory and writes its scratch.
 */
export const SLAB_SCRATCH_PAGES: number = 64 * 48

/**
 * The fewest bytes of a slab made a memory although they are not whole pages (rounded up, the
 * memory wastes at most a sixteenth of address space, never committed): a smaller slab, hashed by
 * copying, costs nothing worth saving, and keeps the exact size of its budget.
 */
const MIN_ROUNDED_BYTES = 16 * PAGE

const memories = new WeakMap<SharedArrayBuffer, WasmMemory>()

/**
 * A shared slab of at least `byteLength` bytes for a block pool: the buffer of a shared
 * `WebAssembly.Memory` where the runtime has one (whole pages: rounded up from 1 MiB, exact
 * below), so that a hash
 * worker can instantiate its MD5 lanes on the slab and hash the blocks in place (see
 * {@link slabMemoryOf}); else, or if the memory cannot be had, a plain `SharedArrayBuffer`.
 * Either way its pages are committed only as they are written.
 */
export function allocateSlab(byteLength: number): SharedArrayBuffer {
  const pages = Math.ceil(byteLength / PAGE)
  const wasm = wasmApi()
  const fits = byteLength % PAGE === 0 || byteLength >= MIN_ROUNDED_BYTES
  if (
    fits &&
    wasm &&
    typeof wasm.Memory === 'function' &&
    pages + SLAB_SCRATCH_PAGES <= MAX_PAGES
  ) {
    try {
      const memory = new wasm.Memory({
        initial: pages,
        maximum: pages + SLAB_SCRATCH_PAGES,
        shared: true,
      })
      const buffer = memory.buffer
      if (buffer instanceof SharedArrayBuffer) {
        memories.set(buffer, memory)
        return buffer
      }
    } catch {
      // no shared WebAssembly memory here, or no address space left for one: a plain slab
    }
  }
  return new SharedArrayBuffer(byteLength)
}

/**
 * The shared `WebAssembly.Memory` whose buffer `buffer` is, if {@link allocateSlab} made it so:
 * what a hash worker is posted instead of the buffer (the memory cannot be rebuilt from it).
 */
export function slabMemoryOf(buffer: SharedArrayBuffer): WasmMemory | undefined {
  return memories.get(buffer)
}
