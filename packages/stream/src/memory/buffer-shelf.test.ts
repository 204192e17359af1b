import { describe, expect, it } from 'vitest'
import { createBufferShelf } from './buffer-shelf.js'

describe('createBufferShelf', () => {
  it('lends buffers of its size and reuses those given back', () => {
    const shelf = createBufferShelf(16, 2)
    const a = shelf.take()
    const b = shelf.take()
    expect(a.byteLength).toBe(16)
    expect(a).not.toBe(b)
    shelf.give(a)
    expect(shelf.take()).toBe(a)
  })

  it('keeps at most its capacity, each buffer once, and only its size', () => {
    const shelf = createBufferShelf(16, 1)
    const a = shelf.take()
    const b = shelf.take()
    shelf.give(a)
    shelf.give(a)
    shelf.give(b)
    shelf.give(Buffer.alloc(8))
    expect(shelf.take()).toBe(a)
    const next = shelf.take()
    expect(next).not.toBe(a)
    expect(next).not.toBe(b)
  })
})
