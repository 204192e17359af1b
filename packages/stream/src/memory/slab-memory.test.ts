import { describe, expect, it } from 'vitest'
import { MD5_LANES_SCRATCH_PAGES } from '../hashing/md5-lanes.js'
import { allocateSlab, SLAB_SCRATCH_PAGES, slabMemoryOf } from './slab-memory.js'

const PAGE = 65536

describe('allocateSlab', () => {
  it('makes a slab of whole pages the buffer of a shared WebAssembly.Memory', () => {
    const slab = allocateSlab(3 * PAGE)
    expect(slab).toBeInstanceOf(SharedArrayBuffer)
    expect(slab.byteLength).toBe(3 * PAGE)
    const memory = slabMemoryOf(slab) as unknown as WebAssembly.Memory
    expect(memory).toBeInstanceOf(WebAssembly.Memory)
    expect(memory.buffer.byteLength).toBe(3 * PAGE)
  })

  it('rounds up a slab of 1 MiB or more, and leaves a smaller one a plain buffer of its size', () => {
    expect(allocateSlab(16 * PAGE + 1).byteLength).toBe(17 * PAGE)
    expect(slabMemoryOf(allocateSlab(16 * PAGE + 1))).toBeDefined()
    const small = allocateSlab(1000)
    expect(small.byteLength).toBe(1000)
    expect(slabMemoryOf(small)).toBeUndefined()
  })

  it('has room for 64 threads of MD5 lanes, and the slab stays as it was when they grow it', () => {
    expect(SLAB_SCRATCH_PAGES).toBeGreaterThanOrEqual(64 * MD5_LANES_SCRATCH_PAGES)
    const slab = allocateSlab(PAGE)
    const block = new Uint8Array(slab, 0, PAGE)
    block[PAGE - 1] = 7
    const memory = slabMemoryOf(slab)!
    expect(memory.grow(MD5_LANES_SCRATCH_PAGES)).toBe(1)
    // a shared buffer never detaches: the views and the length the pool has are unchanged
    expect(slab.byteLength).toBe(PAGE)
    expect(block.byteLength).toBe(PAGE)
    expect(new Uint8Array(memory.buffer)[PAGE - 1]).toBe(7)
  })
})
