import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { UsageError } from './errors.js'
import { formatBytes, formatSize, parseSize } from './size.js'

describe('parseSize', () => {
  it.each([
    ['0', 0],
    ['1234', 1234],
    ['1234B', 1234],
    ['512K', 512 * 1024],
    ['512kb', 512 * 1024],
    ['5MiB', 5 * 1024 * 1024],
    ['8M', 8 * 1024 * 1024],
    ['8 MB', 8 * 1024 * 1024],
    ['1GiB', 1024 ** 3],
    ['1g', 1024 ** 3],
    ['2TiB', 2 * 1024 ** 4],
    ['1.5K', 1536],
    ['0.5MiB', 512 * 1024],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes)
  })

  it.each(['', 'abc', '-1', '5XiB', '1.', '.5M', '0.1K', '1e3', '5 Mi B', '99999999999T'])(
    'rejects %j with a usage error',
    (text) => {
      expect(() => parseSize(text, '--part-size')).toThrow(UsageError)
    },
  )

  it('names the option in its message', () => {
    expect(() => parseSize('lots', '--part-size')).toThrow(
      'invalid --part-size "lots": use bytes or a unit, e.g. 8MiB, 512K, 1GiB',
    )
  })

  it('round-trips formatSize for every safe integer', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        expect(parseSize(formatSize(n))).toBe(n)
      }),
    )
  })

  it('round-trips formatSize for multiples of binary units', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 20 }), fc.integer({ min: 0, max: 3 }), (n, power) => {
        const bytes = n * 1024 ** power
        expect(parseSize(formatSize(bytes))).toBe(bytes)
      }),
    )
  })
})

describe('formatSize', () => {
  it('uses the largest unit that divides exactly', () => {
    expect(formatSize(5 * 1024 * 1024)).toBe('5MiB')
    expect(formatSize(1536 * 1024)).toBe('1536KiB')
    expect(formatSize(1000)).toBe('1000')
    expect(formatSize(0)).toBe('0')
  })
})

describe('formatBytes', () => {
  it('formats for people with one decimal', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(12 * 1024 * 1024)).toBe('12.0 MiB')
  })

  it('stays within 5% of the value it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1024, max: 2 ** 50 }), (n) => {
        const [value = '', unit = ''] = formatBytes(n).split(' ')
        const approx = Number(value) * parseSize(`1${unit}`)
        expect(Math.abs(approx - n) / n).toBeLessThan(0.05)
      }),
    )
  })
})
