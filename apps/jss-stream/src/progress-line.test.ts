import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { renderProgressLine } from './progress-line.js'

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
