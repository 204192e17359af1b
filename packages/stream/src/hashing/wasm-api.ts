/**
 * The part of the WebAssembly JavaScript API that the MD5 lanes use. TypeScript declares it only
 * in the DOM library, which the build of a Node library leaves out; the global is there in Node
 * (and every other runtime with WebAssembly).
 */
export interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => WasmModule
  readonly Instance: new (module: WasmModule, imports: object) => { readonly exports: object }
  /** A memory; `shared` ones (a `maximum` is then required) have a `SharedArrayBuffer`. */
  readonly Memory: new (descriptor: {
    initial: number
    maximum?: number
    shared?: boolean
  }) => WasmMemory
  validate(bytes: Uint8Array): boolean
}

/** A compiled module (`WebAssembly.Module`): it can be instantiated, and posted to a worker. */
export type WasmModule = object

/** A module's memory (`WebAssembly.Memory`). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer
  /** Adds `pages` of 64 KiB; answers the size before, in pages (atomically, for a shared one). */
  grow(pages: number): number
}

/** The global `WebAssembly`, or `undefined` where the runtime has none. */
export function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly
}
