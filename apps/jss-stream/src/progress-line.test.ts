import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fitProgressLine, formatEta, renderProgressLine, smoothRate } from './progress-line.js'

describe('renderProgressLine', () => {
  it('shows bytes, rate, parts in flight and elapsed time', () => {
    expect(
      renderProgressLine({ bytes: 12 * 2 ** 20, elapsedMs: 3000, partsInFlight: 2, partsDone: 3 }),
    ).toBe('12.0 MiB  4.0 MiB/s  2 parts in flight  3 done  0:03')
  })

  it('shows the share of a known total', () => {
    expect(
      renderProgressLine({
        bytes: 2 ** 20,
        elapsedMs: 0,
        partsInFlight: 1,
        totalBytes: 4 * 2 ** 20,
      }),
    ).toBe('1.0 MiB / 4.0 MiB (25%)  0 B/s  1 part in flight  0:00')
  })

  it('shows no parts for a download', () => {
    expect(renderProgressLine({ bytes: 2 ** 20, elapsedMs: 1000, totalBytes: 2 ** 21 })).toBe(
      '1.0 MiB / 2.0 MiB (50%)  1.0 MiB/s  0:01',
    )
  })

  it('is always a single line', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.nat(),
        fc.nat(64),
        fc.option(fc.nat(), { nil: undefined }),
        (bytes, elapsedMs, partsInFlight, totalBytes) => {
          const line = renderProgressLine({ bytes, elapsedMs, partsInFlight, totalBytes })
          expect(line).not.toMatch(/[\r\n]/)
          expect(line).not.toContain('NaN')
        },
      ),
    )
  })
})

const MiB = 2 ** 20

describe('fitProgressLine', () => {
  const full = {
    bytes: 12 * MiB,
    bytesStored: 8 * MiB,
    elapsedMs: 3000,
    rate: 4 * MiB,
    partsInFlight: 2,
    totalBytes: 48 * MiB,
  }

  it('shows stored beside read bytes, the share, the rate and the ETA when there is room', () => {
    expect(fitProgressLine(full, 200)).toBe(
      '8.0 MiB stored  12.0 MiB read  of 48.0 MiB  16%  4.0 MiB/s  ETA 0:10  2 in flight  0:03',
    )
  })

  it('drops the least important fields first to fit a narrow terminal', () => {
    expect(fitProgressLine(full, 40)).toBe('8.0 MiB stored  16%  4.0 MiB/s  ETA 0:10')
    expect(fitProgressLine(full, 39)).toBe('8.0 MiB stored  16%  ETA 0:10')
    expect(fitProgressLine(full, 20)).toBe('8.0 MiB stored  16%')
  })

  it('has no percentage or ETA without a total, and no stored bytes where nothing is stored', () => {
    expect(
      fitProgressLine({ bytes: 2048, elapsedMs: 61_000, rate: 1024, partsInFlight: 1 }, 100),
    ).toBe('2.0 KiB  1.0 KiB/s  1 in flight  1:01')
  })

  it('never exceeds the width and is one line', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 400 }),
        fc.nat(),
        fc.option(fc.nat(), { nil: undefined }),
        fc.nat(),
        fc.double({ min: 0, max: 1e12, noNaN: true }),
        fc.nat(1000),
        fc.option(fc.nat(), { nil: undefined }),
        (width, bytes, bytesStored, elapsedMs, rate, partsInFlight, totalBytes) => {
          const line = fitProgressLine(
            { bytes, bytesStored, elapsedMs, rate, partsInFlight, totalBytes },
            width,
          )
          expect(line.length).toBeLessThanOrEqual(width)
          expect(line).not.toMatch(/[\r\n]|NaN|Infinity/)
        },
      ),
    )
  })
})

describe('smoothRate', () => {
  it('takes the first sample as is', () => {
    expect(smoothRate(undefined, 1000, 500)).toBe(2000)
  })

  it('moves towards a new rate by 1 - 1/e over one window', () => {
    expect(smoothRate(0, 5000, 5000, 5000)).toBeCloseTo(1000 * (1 - Math.exp(-1)))
  })

  it('stays between the old rate and the new one', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.nat(),
        fc.integer({ min: 1, max: 60_000 }),
        (previous, bytes, ms) => {
          const next = smoothRate(previous, bytes, ms)
          const instant = (bytes * 1000) / ms
          expect(next).toBeGreaterThanOrEqual(Math.min(previous, instant) - 1e-6)
          expect(next).toBeLessThanOrEqual(Math.max(previous, instant) + 1e-6)
        },
      ),
    )
  })

  it('keeps the rate over an empty interval', () => {
    expect(smoothRate(42, 0, 0)).toBe(42)
  })
})

describe('formatEta', () => {
  it('formats the time left at the rate', () => {
    expect(formatEta(10 * MiB, MiB)).toBe('ETA 0:10')
    expect(formatEta(3 * 3600 * 1000 + 1, 1000)).toBe('ETA 3:00:01')
    expect(formatEta(-5, 1000)).toBe('ETA 0:00')
  })

  it('is unknown without a rate or beyond 100 days', () => {
    expect(formatEta(100, 0)).toBeUndefined()
    expect(formatEta(1e15, 1)).toBeUndefined()
  })
})
