import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryGauge } from '../memory/memory-gauge.js'
import { createProgressTracker, type UploadProgress } from './progress.js'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('createProgressTracker', () => {
  it('reports byte counts on every tick and once at the end', () => {
    const seen: UploadProgress[] = []
    const memory = createMemoryGauge()
    const tracker = createProgressTracker({ onProgress: (p) => seen.push(p), memory })
    tracker.read(10)
    memory.hold(10)
    vi.advanceTimersByTime(250)
    tracker.partStarted()
    tracker.read(5)
    memory.hold(5)
    vi.advanceTimersByTime(250)
    tracker.partSettled(15)
    memory.release(15)
    tracker.stop()
    vi.advanceTimersByTime(1000)
    const memoryOf = (bytesInMemory: number, peakBytesInMemory: number) => ({
      bytesInMemory,
      peakBytesInMemory,
    })
    expect(seen).toEqual([
      { bytesRead: 10, bytesAcknowledged: 0, partsDone: 0, partsInFlight: 0, ...memoryOf(10, 10) },
      { bytesRead: 15, bytesAcknowledged: 0, partsDone: 0, partsInFlight: 1, ...memoryOf(15, 15) },
      { bytesRead: 15, bytesAcknowledged: 15, partsDone: 1, partsInFlight: 0, ...memoryOf(0, 15) },
    ])
  })

  it('survives a throwing callback and counts failed parts as not done', () => {
    const tracker = createProgressTracker({
      onProgress: () => {
        throw new Error('bad callback')
      },
    })
    tracker.partStarted()
    tracker.partSettled(undefined)
    vi.advanceTimersByTime(500)
    tracker.stop()
    expect(tracker.snapshot()).toEqual({
      bytesRead: 0,
      bytesAcknowledged: 0,
      partsDone: 0,
      partsInFlight: 0,
      bytesInMemory: 0,
      peakBytesInMemory: 0,
    })
  })
})
