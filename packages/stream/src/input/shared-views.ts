import type { WasmMemory } from '../hashing/wasm-api.js'
import { slabMemoryOf } from '../memory/slab-memory.js'

/** Small integer ids for shared buffers, common to the workers of one hash pool. */
export interface SharedBufferIds {
  idOf(buffer: SharedArrayBuffer): number
}

/** Ids handed out in order of first sight; the buffers are kept until the registry is dropped. */
export function createSharedBufferIds(): SharedBufferIds {
  const ids = new Map<SharedArrayBuffer, number>()
  return {
    idOf(buffer) {
      let id = ids.get(buffer)
      if (id === undefined) {
        id = ids.size
        ids.set(buffer, id)
      }
      return id
    },
  }
}

/**
 * Chunks as a worker message of integers. `refs` holds three numbers per chunk: the id of its
 * shared buffer (or `-1 - i` for `views[i]`, a chunk not in shared memory, which `postMessage`
 * copies), its byte offset and its length. `share` lists `[id, buffer]` pairs of the shared buffers
 * the worker has not been given yet (each is posted once per worker, then referred to by id): a
 * block pool slab that is a `WebAssembly.Memory`'s buffer is posted as that memory (the worker
 * takes its buffer, and can run its MD5 lanes on it).
 */
export interface EncodedChunks {
  refs: number[]
  share?: (number | SharedArrayBuffer | WasmMemory)[]
  views?: Uint8Array[]
}

/** Encodes `chunks` for a worker that already holds the buffers in `given` (updated in place). */
export function encodeChunks(
  chunks: readonly Uint8Array[],
  ids: SharedBufferIds,
  given: Set<number>,
): EncodedChunks {
  const refs: number[] = []
  const encoded: EncodedChunks = { refs }
  for (const chunk of chunks) {
    const buffer = chunk.buffer
    if (buffer instanceof SharedArrayBuffer) {
      const id = ids.idOf(buffer)
      if (!given.has(id)) {
        given.add(id)
        encoded.share ??= []
        encoded.share.push(id, slabMemoryOf(buffer) ?? buffer)
      }
      refs.push(id, chunk.byteOffset, chunk.byteLength)
    } else {
      encoded.views ??= []
      refs.push(-encoded.views.length - 1, 0, chunk.byteLength)
      encoded.views.push(chunk)
    }
  }
  return encoded
}
