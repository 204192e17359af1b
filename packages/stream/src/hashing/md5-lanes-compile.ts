import { MD5_LANES_WASM } from './md5-lanes-wasm.js'
import { type WasmApi, type WasmModule, wasmApi } from './wasm-api.js'

let compiled: WasmModule | null | undefined

/**
 * The MD5 lanes module (`md5-lanes-module.ts`, its bytes in `md5-lanes-wasm.ts`), compiled once per process and handed to every hash
 * worker (a compiled module is shared with the threads it is posted to); `null` where the runtime
 * lacks WebAssembly SIMD (the workers then hash with OpenSSL alone). The hash workers call it when
 * the first one starts.
 *
 * Call it earlier to compile under the V8 flags of that moment: V8 decides when it compiles a
 * module whether the module's hot functions will be recompiled by its optimising compiler, and
 * `--liftoff-only` (which the CLI turns on for undici's parser) would keep the lanes at a quarter
 * of their speed. The CLI compiles them before it sets its flags.
 * @example
 * import { compileMd5Lanes } from '@jss/stream/md5-lanes'
 * compileMd5Lanes()
 */
export function compileMd5Lanes(): WasmModule | null {
  if (compiled === undefined) {
    const wasm = wasmApi()
    const bytes = decodeBase64(MD5_LANES_WASM)
    // validation fails where SIMD or shared memory (the threads feature) is missing
    compiled = wasm?.validate(bytes) ? new wasm.Module(bytes) : null
    try {
      if (wasm && compiled) warmUp(wasm, compiled)
    } catch {
      compiled = null // no shared WebAssembly.Memory after all: OpenSSL alone
    }
  }
  return compiled
}

/** The bytes of a base64 text (no Node APIs: the module is meant for any runtime). */
export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Blocks each kernel runs once, which uses up V8's tier-up budget for it (about 2 MB of code run). */
const WARM_UP_BLOCKS = 512

/**
 * Runs each kernel of the module over a block of zeros, so that V8 has its optimising compiler
 * recompile them now, in the background, into the module that every worker shares. Otherwise the
 * first parts of every process — for an upload of a few parts, most of them — are hashed by code
 * of the baseline compiler: measured 180 ms for the first 5 × 8 MiB on a fresh worker, 40 ms after.
 */
function warmUp(wasm: WasmApi, module: WasmModule): void {
  const memory = new wasm.Memory({ initial: 1, maximum: 1, shared: true })
  const { md5x1, md5x4, md5x8 } = new wasm.Instance(module, { env: { memory } }).exports as {
    md5x1(table: number, blocks: number): void
    md5x4(table: number, blocks: number): void
    md5x8(table: number, blocks: number): void
  }
  const words = new DataView(memory.buffer)
  // eight records, each a state at 256 + 16 i and the same block of zeros at 1024, read again and again
  for (let i = 0; i < 8; i++) {
    words.setUint32(12 * i, 256 + 16 * i, true)
    words.setUint32(12 * i + 4, 1024, true)
    words.setUint32(12 * i + 8, 0, true)
  }
  for (const kernel of [md5x1, md5x4, md5x8]) kernel(0, WARM_UP_BLOCKS)
}
