import { createHash, randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createMd5LaneSet } from './md5-lane-set.js'
import { createMd5Lanes, MD5_LANES_SCRATCH_PAGES } from './md5-lanes.js'
import { buildMd5LanesModule } from './md5-lanes-module.js'

const module = new WebAssembly.Module(buildMd5LanesModule() as Uint8Array<ArrayBuffer>)
const md5 = (chunks: readonly Uint8Array[]): string => {
  const hash = createHash('md5')
  for (const chunk of chunks) hash.update(chunk)
  return hash.digest('hex')
}
const PAGE = 65536

/** A slab memory with room for `room` threads' scratch, and its buffer. */
const slabMemory = (pages: number, room: number) => {
  const memory = new WebAssembly.Memory({
    initial: pages,
    maximum: pages + room * MD5_LANES_SCRATCH_PAGES,
    shared: true,
  })
  return { memory, buffer: memory.buffer as unknown as SharedArrayBuffer }
}

describe('createMd5LaneSet', () => {
  it('hashes inputs spread over two slabs and plain views as node:crypto does (property)', () => {
    const slabs = [slabMemory(4, 1), slabMemory(4, 1)]
    const set = createMd5LaneSet(module, createMd5Lanes)
    for (const { buffer, memory } of slabs) set.attach(buffer, memory)
    // each chunk: where (0, 1: a slab; 2: plain) and its length (ragged, or whole blocks)
    const chunk = fc.tuple(
      fc.nat(2),
      fc.oneof(
        fc.nat(300),
        fc.integer({ min: 0, max: 1024 }).map((n) => 64 * n),
      ),
    )
    const inputs = fc.array(fc.array(chunk, { maxLength: 4 }), { minLength: 1, maxLength: 14 })
    fc.assert(
      fc.property(inputs, (specs) => {
        const used = [0, 0]
        const all = specs.map((input) =>
          input.map(([where, n]) => {
            const bytes = randomBytes(n)
            const slab = slabs[where]
            if (!slab || used[where]! + n > 4 * PAGE) return bytes
            const view = new Uint8Array(slab.buffer, used[where], n)
            used[where]! += n
            view.set(bytes)
            return view
          }),
        )
        expect(set.digest(all)).toEqual(all.map(md5))
        expect(set.busy).toBe(0)
        expect(set.free).toBe(8)
      }),
      { numRuns: 80 },
    )
  })

  it('hashes whole blocks in place in each slab, copying only their tails', () => {
    const slabs = [slabMemory(4, 1), slabMemory(4, 1)]
    const set = createMd5LaneSet(module, createMd5Lanes)
    for (const { buffer, memory } of slabs) set.attach(buffer, memory)
    const inputs = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => {
      const view = new Uint8Array(slabs[i % 2]!.buffer, (i >> 1) * PAGE, PAGE - 7)
      view.set(randomBytes(view.byteLength))
      return [view]
    })
    expect(set.digest(inputs)).toEqual(inputs.map(md5))
    expect(set.copiedBytes).toBe(8 * ((PAGE - 7) % 64))
  })

  it('takes eight inputs at most, wherever they are', () => {
    const slab = slabMemory(1, 1)
    const set = createMd5LaneSet(module, createMd5Lanes)
    set.attach(slab.buffer, slab.memory)
    for (let i = 0; i < 8; i++) set.add(i % 2 ? [new Uint8Array(slab.buffer, i, 9)] : [], i)
    expect(set.free).toBe(0)
    expect(() => set.add([], 'ninth')).toThrow(/no free MD5 lane/)
  })

  it('copies a slab it finds no room in for its scratch, into lanes of its own', () => {
    const full = slabMemory(1, 0)
    const set = createMd5LaneSet(module, createMd5Lanes)
    set.attach(full.buffer, full.memory)
    const view = new Uint8Array(full.buffer, 0, PAGE)
    view.set(randomBytes(PAGE))
    expect(set.digest([[view], [view.subarray(3)]])).toEqual([md5([view]), md5([view.subarray(3)])])
    expect(set.copiedBytes).toBe(2 * PAGE - 3)
  })

  it('runs from its source text alone, as the hash worker embeds it', () => {
    const rebuilt = new Function(
      `return (${String(createMd5LaneSet)})`,
    )() as typeof createMd5LaneSet
    const again = new Function(`return (${String(createMd5Lanes)})`)() as typeof createMd5Lanes
    const slab = slabMemory(1, 1)
    const set = rebuilt(module, again)
    set.attach(slab.buffer, slab.memory)
    const inputs = [[new Uint8Array(slab.buffer, 5, 3000)], [randomBytes(70)]]
    expect(set.digest(inputs)).toEqual(inputs.map(md5))
  })
})
