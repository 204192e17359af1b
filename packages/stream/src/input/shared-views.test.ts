import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSharedBufferIds, encodeChunks } from './shared-views.js'

describe('encodeChunks', () => {
  it('names shared chunks by integers and posts each shared buffer once per worker', () => {
    const ids = createSharedBufferIds()
    const slab = new SharedArrayBuffer(64)
    const given = new Set<number>()
    const first = encodeChunks(
      [new Uint8Array(slab, 0, 16), new Uint8Array(slab, 32, 8)],
      ids,
      given,
    )
    expect(first).toEqual({ refs: [0, 0, 16, 0, 32, 8], share: [0, slab] })
    const second = encodeChunks([new Uint8Array(slab, 16, 16)], ids, given)
    expect(second).toEqual({ refs: [0, 16, 16] })
    // another worker (another `given`) is sent the buffer again, under the same id
    expect(encodeChunks([new Uint8Array(slab, 8, 1)], ids, new Set())).toEqual({
      refs: [0, 8, 1],
      share: [0, slab],
    })
  })

  it('rebuilds the same bytes from refs, in order, for any mix of shared and plain chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.nat(3), fc.uint8Array({ maxLength: 40 })), {
          maxLength: 8,
        }),
        (specs) => {
          const ids = createSharedBufferIds()
          const slabs = [0, 1, 2, 3].map(() => new SharedArrayBuffer(64))
          const chunks = specs.map(([isShared, slab, bytes]) => {
            if (!isShared) return bytes
            const view = new Uint8Array(slabs[slab]!, 64 - bytes.byteLength, bytes.byteLength)
            view.set(bytes)
            return view
          })
          const { refs, share = [], views = [] } = encodeChunks(chunks, ids, new Set())
          expect(refs.every((n) => Number.isSafeInteger(n))).toBe(true)
          const held = new Map<number, SharedArrayBuffer>()
          for (let i = 0; i < share.length; i += 2) {
            held.set(share[i] as number, share[i + 1] as SharedArrayBuffer)
          }
          const rebuilt: Uint8Array[] = []
          for (let i = 0; i < refs.length; i += 3) {
            const id = refs[i]!
            rebuilt.push(
              id < 0 ? views[-id - 1]! : new Uint8Array(held.get(id)!, refs[i + 1], refs[i + 2]),
            )
          }
          expect(Buffer.concat(rebuilt)).toEqual(Buffer.concat(chunks))
        },
      ),
      { seed: 9, numRuns: 100 },
    )
  })
})
