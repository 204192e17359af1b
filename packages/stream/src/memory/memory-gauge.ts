/**
 * Counts the bytes of the stream held in memory — pooled blocks handed out and spool chunks being
 * sent — and the most held at once.
 */
export interface MemoryGauge {
  /** Bytes held now. */
  readonly bytes: number
  /** The highest `bytes` seen. */
  readonly peak: number
  hold(bytes: number): void
  release(bytes: number): void
}

/** A gauge at zero. */
export function createMemoryGauge(): MemoryGauge {
  let bytes = 0
  let peak = 0
  return {
    get bytes() {
      return bytes
    },
    get peak() {
      return peak
    },
    hold(n) {
      bytes += n
      if (bytes > peak) peak = bytes
    },
    release(n) {
      bytes -= n
    },
  }
}
