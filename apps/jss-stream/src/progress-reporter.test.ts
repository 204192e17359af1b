import { afterEach, describe, expect, it, vi } from 'vitest'
import { ProgressReporter } from './progress-reporter.js'

afterEach(() => {
  vi.useRealTimers()
})

function reporter(live: boolean) {
  vi.useFakeTimers()
  let now = 0
  const written: string[] = []
  const r = new ProgressReporter({
    output: { write: (text: string) => written.push(text) },
    live,
    now: () => now,
    intervalMs: 100,
  })
  return {
    r,
    written,
    advance: (ms: number) => {
      now += ms
      vi.advanceTimersByTime(ms)
    },
  }
}

describe('ProgressReporter', () => {
  it('redraws one line in place on a terminal and erases it at the end', () => {
    const { r, written, advance } = reporter(true)
    r.start()
    r.update({ bytes: 2048, partsInFlight: 1 })
    advance(100)
    expect(written).toEqual(['\r2.0 KiB  20.0 KiB/s  1 part in flight  0 done  0:00\x1b[K'])
    r.stop()
    expect(written.at(-1)).toBe('\r\x1b[K')
  })

  it('prints whole lines elsewhere and a final line at the end', () => {
    const { r, written, advance } = reporter(false)
    r.start()
    r.update({ bytes: 1024, partsDone: 1 })
    advance(1000)
    expect(written.length).toBeGreaterThan(0)
    expect(written.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true)
    r.stop()
    expect(written.at(-1)).toBe('1.0 KiB  1.0 KiB/s  0 parts in flight  1 done  0:01\n')
    r.stop()
    expect(written.at(-1)).toBe('1.0 KiB  1.0 KiB/s  0 parts in flight  1 done  0:01\n')
  })
})
