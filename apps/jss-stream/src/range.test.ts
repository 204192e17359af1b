import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { UsageError } from './errors.js'
import { parseRange } from './range.js'

describe('parseRange', () => {
  it('parses A-B and A-', () => {
    expect(parseRange('0-1023')).toEqual({ start: 0, end: 1023 })
    expect(parseRange('5-5')).toEqual({ start: 5, end: 5 })
    expect(parseRange('100-')).toEqual({ start: 100 })
  })

  it.each(['', '-5', '5-4', 'a-b', '1-2-3', '1.5-2'])('rejects %j', (text) => {
    expect(() => parseRange(text)).toThrow(UsageError)
  })

  it('parses every ordered pair', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.maxSafeNat(), (a, b) => {
        const [start, end] = a <= b ? [a, b] : [b, a]
        expect(parseRange(`${start}-${end}`)).toEqual({ start, end })
      }),
    )
  })
})
