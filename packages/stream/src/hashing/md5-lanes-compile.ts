import { buildMd5LanesModule } from './md5-lanes-module.js'
import { type WasmModule, wasmApi } from './wasm-api.js'

let compiled: WasmModule | null | undefined

/**
 * The MD5 lanes module (`md5-lanes-module.ts`), compiled once per process and handed to every hash
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
    const bytes = buildMd5LanesModule()
    compiled = wasm?.validate(bytes) ? new wasm.Module(bytes) : null
  }
  return compiled
}
