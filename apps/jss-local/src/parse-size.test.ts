import { describe, expect, it } from 'vitest'
import { parseDuration, parseSize } from './parse-size.js'

describe('parseSize', () => {
  it('reads bytes, binary and decimal units', () => {
    expect(parseSize('5242880')).toBe(5 * 1024 * 1024)
    expect(parseSize('5MiB')).toBe(5 * 1024 * 1024)
    expect(parseSize('5m')).toBe(5 * 1024 * 1024)
    expect(parseSize('5GiB')).toBe(5_368_709_120)
    expect(parseSize('1.5KiB')).toBe(1536)
    expect(parseSize('10kb')).toBe(10_000)
  })
  it('refuses anything else', () => {
    for (const text of ['', 'MiB', '-1', '5 parsecs', '1e3'])
      expect(() => parseSize(text)).toThrow(/invalid size/)
  })
})

describe('parseDuration', () => {
  it('reads ms, s and m; a bare number is seconds', () => {
    expect(parseDuration('2s')).toBe(2000)
    expect(parseDuration('500ms')).toBe(500)
    expect(parseDuration('1m')).toBe(60_000)
    expect(parseDuration('3')).toBe(3000)
  })
  it('refuses anything else', () => {
    expect(() => parseDuration('soon')).toThrow(/invalid duration/)
  })
})
