import type { MemoryGauge } from '../memory/memory-gauge.js'

/** A snapshot of an upload's progress. */
export interface UploadProgress {
  /** Bytes read from the source so far. */
  readonly bytesRead: number
  /** Bytes of parts (or the single PUT) acknowledged by the server. */
  readonly bytesAcknowledged: number
  /** Parts acknowledged (or verified as already stored, on resume). */
  readonly partsDone: number
  /** Part requests under way. */
  readonly partsInFlight: number
  /**
   * Bytes of the stream held in memory now: pooled blocks in use (parts being read, hashed, sent,
   * or on their way to a spool file) plus the chunk of a spooled part being sent.
   */
  readonly bytesInMemory: number
  /** The most `bytesInMemory` so far: at most `memoryLimit` + one spool read chunk (≤ 64 KiB). */
  readonly peakBytesInMemory: number
}

/** Counts progress and reports it on a timer. */
export interface ProgressTracker {
  read(bytes: number): void
  partStarted(): void
  partSettled(acknowledgedBytes: number | undefined): void
  acknowledge(bytes: number): void
  snapshot(): UploadProgress
  /** Stops the timer and reports one last time. */
  stop(): void
}

/** Options of {@link createProgressTracker}. */
export interface ProgressTrackerOptions {
  readonly onProgress?: ((progress: UploadProgress) => void) | undefined
  /** Where `bytesInMemory` and `peakBytesInMemory` come from. @default none (zeros) */
  readonly memory?: MemoryGauge | undefined
  /** @default 250 */
  readonly intervalMs?: number
}

/**
 * Byte-level progress: `bytesRead` moves with every chunk read and `bytesAcknowledged` with every
 * acknowledged part; `onProgress` is called every `intervalMs` while the upload runs (the client
 * does not expose request-body progress, so bytes on the wire are not counted) and once at the end.
 */
export function createProgressTracker({
  onProgress,
  intervalMs = 250,
  memory,
}: ProgressTrackerOptions): ProgressTracker {
  let bytesRead = 0
  let bytesAcknowledged = 0
  let partsDone = 0
  let partsInFlight = 0
  const snapshot = (): UploadProgress => ({
    bytesRead,
    bytesAcknowledged,
    partsDone,
    partsInFlight,
    bytesInMemory: memory?.bytes ?? 0,
    peakBytesInMemory: memory?.peak ?? 0,
  })
  const emit = (): void => {
    try {
      onProgress?.(snapshot())
    } catch {
      // a failing progress callback must not break the upload
    }
  }
  const timer = onProgress ? setInterval(emit, intervalMs) : undefined
  timer?.unref()
  let stopped = false
  return {
    read(bytes) {
      bytesRead += bytes
    },
    partStarted() {
      partsInFlight++
    },
    partSettled(acknowledged) {
      partsInFlight--
      if (acknowledged !== undefined) {
        partsDone++
        bytesAcknowledged += acknowledged
      }
    },
    acknowledge(bytes) {
      bytesAcknowledged += bytes
    },
    snapshot,
    stop() {
      if (stopped) return
      stopped = true
      if (timer) clearInterval(timer)
      emit()
    },
  }
}
