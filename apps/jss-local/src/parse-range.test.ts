import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseRange } from './parse-range.js'

describe('parseRange', () => {
  it('reads a-b, a- and -n', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 })
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange('bytes=-1000', 100)).toEqual({ start: 0, end: 99 })
    expect(parseRange('bytes=50-1000', 100)).toEqual({ start: 50, end: 99 })
  })
  it('answers unsatisfiable past the end or for an empty suffix', () => {
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable')
  })
  it('ignores what is not one valid range', () => {
    for (const header of [undefined, '', 'bytes=', 'bytes=5-2', 'bytes=0-1,3-4', 'items=0-1']) {
      expect(parseRange(header, 100)).toBeUndefined()
    }
  })
  it('always gives a range inside the object', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(2000), fc.nat(2000), (size, a, b) => {
        const range = parseRange(`bytes=${Math.min(a, b)}-${Math.max(a, b)}`, size)
        if (range === undefined) return
        if (range === 'unsatisfiable') {
          expect(Math.min(a, b)).toBeGreaterThanOrEqual(size)
          return
        }
        expect(range.start).toBe(Math.min(a, b))
        expect(range.end).toBeLessThan(size)
        expect(range.end).toBeGreaterThanOrEqual(range.start)
      }),
    )
  })
})
