import { afterEach, describe, expect, it, vi } from 'vitest'
import { ProgressReporter } from './progress-reporter.js'

afterEach(() => {
  vi.useRealTimers()
})

function reporter(live: boolean, columns?: number) {
  vi.useFakeTimers()
  let now = 0
  const written: string[] = []
  const r = new ProgressReporter({
    output: { write: (text: string) => written.push(text) },
    live,
    now: () => now,
    intervalMs: 100,
    columns: () => columns,
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
    expect(written).toEqual(['\r2.0 KiB  20.0 KiB/s  1 in flight  0:00\x1b[K'])
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

describe('ProgressReporter on a terminal', () => {
  it('fits the line to one less than the terminal width and shows stored bytes', () => {
    const { r, written, advance } = reporter(true, 30)
    r.start()
    r.update({ bytes: 4 * 2 ** 20, bytesStored: 2 ** 20, partsInFlight: 3 })
    advance(100)
    const line = (written.at(-1) ?? '').replace('\r', '').replace('\x1b[K', '')
    expect(line).toBe('1.0 MiB stored  40.0 MiB/s')
    expect(line.length).toBeLessThanOrEqual(29)
  })

  it('smooths the rate: a burst moves it only part of the way once past the first window', () => {
    const { r, advance } = reporter(true, 200)
    r.start()
    let bytes = 0
    for (let i = 0; i < 60; i++) {
      bytes += 100 * 1024
      r.update({ bytes })
      advance(100)
    }
    expect(r.liveLine()).toContain('1000.0 KiB/s')
    r.update({ bytes: bytes + 10 * 2 ** 20 })
    advance(100)
    const rate = /(\S+ \S+)\/s/.exec(r.liveLine())?.[1]
    expect(rate).toBe('2.9 MiB')
  })

  it('erases the line before a logged line and redraws it after', () => {
    const { r, written, advance } = reporter(true, 80)
    r.log('before start\n')
    expect(written.at(-1)).toBe('before start\n')
    r.start()
    r.update({ bytes: 1024 })
    advance(100)
    r.log('jss-stream: PUT /b/k 200\n')
    expect(written.at(-1)).toBe(
      '\r\x1b[Kjss-stream: PUT /b/k 200\n1.0 KiB  10.0 KiB/s  0 in flight  0:00\x1b[K',
    )
    r.stop()
    expect(written.at(-1)).toBe('\r\x1b[K')
    r.log('done\n')
    expect(written.at(-1)).toBe('done\n')
  })

  it('routes a stderr stream through log', () => {
    const { r, written, advance } = reporter(true, 80)
    const stderr = r.stderr()
    expect(stderr.isTTY).toBe(true)
    r.start()
    advance(100)
    stderr.write('one\n')
    stderr.write('two\n')
    expect(written.slice(-2).map((text) => text.split('\n')[0])).toEqual([
      '\r\x1b[Kone',
      '\r\x1b[Ktwo',
    ])
    r.stop()
  })

  it('writes logged lines as they are off a terminal', () => {
    const { r, written } = reporter(false)
    r.start()
    r.log('jss-stream: note\n')
    expect(written).toEqual(['jss-stream: note\n'])
    r.stop()
  })
})
