import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { UsageError } from './errors.js'
import { parseRange, resolveSuffixRange } from './range.js'

describe('parseRange', () => {
  it('parses A-B and A-', () => {
    expect(parseRange('0-1023')).toEqual({ start: 0, end: 1023 })
    expect(parseRange('5-5')).toEqual({ start: 5, end: 5 })
    expect(parseRange('100-')).toEqual({ start: 100 })
  })

  it('parses -N, the last N bytes, and resolves it against a size', () => {
    expect(parseRange('-500')).toEqual({ suffix: 500 })
    expect(resolveSuffixRange({ suffix: 500 }, 2000)).toEqual({ start: 1500, end: 1999 })
    expect(resolveSuffixRange({ suffix: 500 }, 100)).toEqual({ start: 0, end: 99 })
    expect(resolveSuffixRange({ suffix: 500 }, 0)).toBeUndefined()
  })

  it.each(['', '-0', '--5', '5-4', 'a-b', '1-2-3', '1.5-2'])('rejects %j', (text) => {
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
