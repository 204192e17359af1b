import { describe, expect, it } from 'vitest'
import { formatSize, parseDuration, parseSize } from './parse-size.js'

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

describe('formatSize', () => {
  it('writes the largest binary unit that divides the size, which parseSize reads back', () => {
    expect(formatSize(5 * 1024 ** 2)).toBe('5MiB')
    expect(formatSize(5 * 1024 ** 3)).toBe('5GiB')
    expect(formatSize(2 * 1024 ** 4)).toBe('2TiB')
    expect(formatSize(2048)).toBe('2KiB')
    expect(formatSize(1536)).toBe('1536')
    expect(formatSize(1000)).toBe('1000')
    expect(formatSize(0)).toBe('0')
    for (const size of [0, 1, 1000, 1536, 5 * 1024 ** 2, 5 * 1024 ** 3, 3 * 1024 ** 4]) {
      expect(parseSize(formatSize(size))).toBe(size)
    }
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
