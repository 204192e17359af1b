import type { WasmApi, WasmMemory, WasmModule } from './wasm-api.js'

/**
 * MD5 of several inputs at once, in the SIMD lanes of `buildMd5LanesModule`'s module: eight
 * lanes, each hashing one input. Inputs join free lanes at any time (between stretches), so a
 * thread that keeps the lanes full hashes about three times as fast as OpenSSL on one core, and one
 * input alone about as fast.
 */
export interface Md5Lanes {
  /** Lanes without an input. */
  readonly free: number
  /** Lanes with an input not yet finished. */
  readonly busy: number
  /**
   * Gives an input (chunks hashed as if concatenated) a free lane; `token` comes back with its
   * MD5 from the {@link Md5Lanes.step} that finishes it. Throws when no lane is free.
   */
  add<T>(chunks: readonly Uint8Array[], token: T): void
  /**
   * Runs every busy lane one stretch further (at most 256 KiB each) and answers the inputs that
   * finished, with their lowercase hex MD5.
   */
  step(): { token: unknown; hex: string }[]
  /** The MD5 of each input, in order (lanes must be free). */
  digest(inputs: readonly (readonly Uint8Array[])[]): string[]
  /**
   * Bytes of input copied into the lanes' scratch so far: tails, blocks that straddle two chunks,
   * and chunks not in the lanes' memory. Input in the memory is otherwise hashed in place.
   */
  readonly copiedBytes: number
}

/**
 * The memory an instance of the lanes runs on: a shared `WebAssembly.Memory` (a block pool slab,
 * see `slab-memory.ts`) and the one `SharedArrayBuffer` object of it that the chunks hashed in
 * place are views of (a thread's `memory.buffer` is a new object after each grow, by any thread).
 */
export interface Md5LanesMemory {
  readonly memory: WasmMemory
  readonly buffer: SharedArrayBuffer
}

/** Pages (64 KiB) of scratch an instance claims in its memory; see `createMd5Lanes`. */
export const MD5_LANES_SCRATCH_PAGES = 33

/**
 * Instantiates the lanes module on `on` (or on a small shared memory of its own) and drives it.
 * Each lane hashes one input, one stretch of whole blocks at a time; the lanes run the same number
 * of blocks (one lane alone in the module's scalar `md5x1`, as fast as OpenSSL; up to four in
 * `md5x4`; else `md5x8`; an unused record idles on a scratch block).
 *
 * A lane's data pointer points at its input's bytes in place while they lie in a chunk of `on`'s
 * buffer, so that a stretch stops at the end of the chunk: the profile of an upload had the copy
 * at a fifth of the worker's time. What is not in place is copied into the lane's scratch area:
 * a block that straddles two chunks, chunks elsewhere (plain views, another slab) up to the next
 * chunk in place, and the tail, padded there and run as the input's last blocks.
 *
 * The scratch (records, states, the idle block, the lanes' areas) is claimed with `memory.grow`:
 * on a shared memory grow is atomic and answers the old size, so the pages grown belong to this
 * instance alone, while other threads' instances claim theirs in the same slab. It throws when the
 * memory's maximum leaves no room (the caller then copies into an instance of its own).
 *
 * Self-contained — it refers to nothing outside its own body — because the hash worker embeds its
 * source text (`String(createMd5Lanes)`) and runs it in the worker thread.
 */
export function createMd5Lanes(module: WasmModule, on?: Md5LanesMemory): Md5Lanes {
  const STRETCH = 256 * 1024 // bytes of one lane's stretch (whole blocks)
  const BLOCK = 64
  const LANES = 8
  const PAGES = 33 // MD5_LANES_SCRATCH_PAGES: AREAS + 8 areas, in 64 KiB pages
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
  const memory = on ? on.memory : new wasm.Memory({ initial: 0, maximum: PAGES, shared: true })
  const inPlace = on ? on.buffer : undefined
  const base = memory.grow(PAGES) * 65536
  const TABLE = base // 8 records of (state, data, stride)
  const STATES = base + 128 // 8 × 16 bytes
  const IDLE_STATE = base + 256
  const IDLE_DATA = base + 512 // one block of zeros
  const AREAS = base + 1024 // 8 × (STRETCH + 128): each lane's copies, or its tail and padding
  const areaAt = (lane: number): number => AREAS + lane * (STRETCH + 128)
  const instance = new wasm.Instance(module, { env: { memory } })
  const exports = instance.exports as {
    md5x4(table: number, blocks: number): void
    md5x8(table: number, blocks: number): void
    md5x1(table: number, blocks: number): void
  }
  const bytes = new Uint8Array(memory.buffer)
  const words = new DataView(memory.buffer)
  const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

  interface Lane {
    readonly token: unknown
    readonly chunks: readonly Uint8Array[]
    readonly total: number
    index: number
    offset: number
    remaining: number
    /** Blocks of tail and padding in the area once the data is down to its tail; how many ran. */
    padded: number
    padRun: number
    /** This step: the address of its bytes in place, or -1 when they are copied into the area. */
    at: number
  }
  const lanes: (Lane | undefined)[] = Array.from({ length: LANES }, () => undefined)
  let busy = 0
  let copied = 0

  /** Moves `lane` past chunks it has read to the end of (and empty ones). */
  const settle = (lane: Lane): void => {
    for (;;) {
      const chunk = lane.chunks[lane.index]
      if (chunk === undefined || lane.offset < chunk.byteLength) return
      lane.index++
      lane.offset = 0
    }
  }
  /** Copies the next `count` bytes of `lane` to `at`. */
  const take = (lane: Lane, at: number, count: number): void => {
    let to = at
    let left = count
    while (left > 0) {
      settle(lane)
      const chunk = lane.chunks[lane.index] as Uint8Array
      const n = Math.min(left, chunk.byteLength - lane.offset)
      bytes.set(n === chunk.byteLength ? chunk : chunk.subarray(lane.offset, lane.offset + n), to)
      to += n
      left -= n
      lane.offset += n
    }
    lane.remaining -= count
    copied += count
  }
  /**
   * The blocks `lane` can run next (at most a stretch, and whole blocks only): in place up to the
   * end of its chunk when the chunk is in the memory with a block left; else copied, up to the
   * first block that starts in a chunk in place (a straddling block alone is one).
   */
  const reach = (lane: Lane): number => {
    settle(lane)
    const most = Math.min(STRETCH / BLOCK, Math.floor(lane.remaining / BLOCK))
    const chunk = lane.chunks[lane.index] as Uint8Array
    const left = chunk.byteLength - lane.offset
    if (chunk.buffer === inPlace && left >= BLOCK) {
      lane.at = chunk.byteOffset + lane.offset
      return Math.min(most, Math.floor(left / BLOCK))
    }
    lane.at = -1
    let bytesOut = left
    for (let i = lane.index + 1; i < lane.chunks.length && bytesOut < STRETCH; i++) {
      const next = lane.chunks[i] as Uint8Array
      if (next.buffer === inPlace && next.byteLength > 0) break
      bytesOut += next.byteLength
    }
    return Math.min(most, Math.ceil(bytesOut / BLOCK))
  }
  /** The tail (< 64 bytes), 0x80, zeros, the length in bits (64-bit little-endian): 1 or 2 blocks. */
  const pad = (lane: Lane, at: number): void => {
    const tail = lane.remaining
    lane.padded = tail < 56 ? 1 : 2
    bytes.fill(0, at, at + 128)
    take(lane, at, tail)
    bytes[at + tail] = 0x80
    const end = at + lane.padded * 64
    words.setUint32(end - 8, (lane.total % 0x20000000) * 8, true)
    words.setUint32(end - 4, Math.floor(lane.total / 0x20000000), true)
  }
  const record = (slot: number, state: number, data: number, stride: number): void => {
    words.setUint32(TABLE + 12 * slot, state, true)
    words.setUint32(TABLE + 12 * slot + 4, data, true)
    words.setUint32(TABLE + 12 * slot + 8, stride, true)
  }
  const hexOf = (slot: number): string => {
    let hex = ''
    for (let b = 0; b < 16; b++) hex += HEX[bytes[STATES + 16 * slot + b] as number]
    return hex
  }

  const self: Md5Lanes = {
    get free() {
      return LANES - busy
    },
    get busy() {
      return busy
    },
    get copiedBytes() {
      return copied
    },
    add(chunks, token) {
      const slot = lanes.indexOf(undefined)
      if (slot < 0) throw new Error('no free MD5 lane')
      let total = 0
      for (const chunk of chunks) total += chunk.byteLength
      lanes[slot] = {
        token,
        chunks,
        total,
        index: 0,
        offset: 0,
        remaining: total,
        padded: 0,
        padRun: 0,
        at: -1,
      }
      busy++
      const s = STATES + 16 * slot
      words.setUint32(s, 0x67452301, true)
      words.setUint32(s + 4, 0xefcdab89, true)
      words.setUint32(s + 8, 0x98badcfe, true)
      words.setUint32(s + 12, 0x10325476, true)
    },
    step() {
      let blocks = STRETCH / BLOCK
      for (let slot = 0; slot < LANES; slot++) {
        const lane = lanes[slot]
        if (!lane) continue
        if (lane.padded === 0 && lane.remaining < BLOCK) pad(lane, areaAt(slot))
        const left = lane.padded > 0 ? lane.padded - lane.padRun : reach(lane)
        blocks = Math.min(blocks, left)
      }
      if (busy === 0) return []
      const width = busy > 4 ? 8 : busy > 1 ? 4 : 1
      let used = 0
      for (let slot = 0; slot < LANES; slot++) {
        const lane = lanes[slot]
        if (!lane) continue
        const area = areaAt(slot)
        const state = STATES + 16 * slot
        if (lane.padded > 0) record(used++, state, area + BLOCK * lane.padRun, BLOCK)
        else if (lane.at >= 0) {
          record(used++, state, lane.at, BLOCK)
          lane.offset += blocks * BLOCK // within the chunk: `reach` stops at its end
          lane.remaining -= blocks * BLOCK
        } else {
          take(lane, area, blocks * BLOCK)
          record(used++, state, area, BLOCK)
        }
      }
      for (; used < width; used++) record(used, IDLE_STATE, IDLE_DATA, 0)
      if (width === 8) exports.md5x8(TABLE, blocks)
      else if (width === 4) exports.md5x4(TABLE, blocks)
      else exports.md5x1(TABLE, blocks)
      const finished: { token: unknown; hex: string }[] = []
      for (let slot = 0; slot < LANES; slot++) {
        const lane = lanes[slot]
        if (!lane || lane.padded === 0) continue
        lane.padRun += blocks
        if (lane.padRun < lane.padded) continue
        finished.push({ token: lane.token, hex: hexOf(slot) })
        lanes[slot] = undefined
        busy--
      }
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
