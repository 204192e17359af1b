import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sliceChunks, totalOf } from './open-object.js'

describe('sliceChunks', () => {
  it('gives exactly the bytes from..to of the chunks, as views', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 40 }), { maxLength: 8 }),
        fc.nat(400),
        fc.nat(400),
        (arrays, a, b) => {
          const chunks = arrays.map((array) => Buffer.from(array))
          const whole = Buffer.concat(chunks)
          const [from, to] = [Math.min(a, b), Math.max(a, b)]
          const slices = sliceChunks(chunks, from, to)
          expect(Buffer.concat(slices).equals(whole.subarray(from, to))).toBe(true)
          expect(slices.every((slice) => slice.byteLength > 0)).toBe(true)
          expect(slices.every((slice) => chunks.some((c) => c.buffer === slice.buffer))).toBe(true)
        },
      ),
    )
  })
})

describe('totalOf', () => {
  it('reads the total of a Content-Range, and nothing else', () => {
    expect(totalOf('bytes 0-99/1000')).toBe(1000)
    expect(totalOf('bytes 0-0/1')).toBe(1)
    expect(totalOf(undefined)).toBeUndefined()
    expect(totalOf('bytes 0-99/*')).toBeUndefined()
    expect(totalOf('bytes */1000')).toBeUndefined()
    expect(totalOf('bytes 0-99/99999999999999999999')).toBeUndefined()
    expect(totalOf('items 0-99/1000')).toBeUndefined()
    // an answer that starts elsewhere than byte 0 is not the object's first bytes
    expect(totalOf('bytes 5-99/1000')).toBeUndefined()
  })
})
