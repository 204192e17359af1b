import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatElapsed, parseDuration } from './duration.js'
import { UsageError } from './errors.js'

describe('parseDuration', () => {
  it.each([
    ['60', 60],
    ['0', 0],
    ['90s', 90],
    ['15m', 900],
    ['1h', 3600],
    ['1H30M', 5400],
    ['7d', 604_800],
  ])('%s is %d seconds', (text, expected) => {
    expect(parseDuration(text)).toBe(expected)
  })

  it.each(['', 'soon', '1.5h', '-5', 'h', '1w', '15 m'])('rejects %j', (text) => {
    expect(() => parseDuration(text, '--expires')).toThrow(UsageError)
  })

  it('sums the parts of a combined duration', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.nat(100), fc.nat(100), (h, m, s) => {
        expect(parseDuration(`${h}h${m}m${s}s`)).toBe(h * 3600 + m * 60 + s)
      }),
    )
  })
})

describe('formatElapsed', () => {
  it('formats minutes and hours', () => {
    expect(formatElapsed(0)).toBe('0:00')
    expect(formatElapsed(65.9)).toBe('1:05')
    expect(formatElapsed(3723)).toBe('1:02:03')
  })
})
