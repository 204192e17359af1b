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

/** A gauge at zero; with `parent`, every hold and release is told to it too (a share of it). */
export function createMemoryGauge(parent?: MemoryGauge): MemoryGauge {
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
      parent?.hold(n)
    },
    release(n) {
      bytes -= n
      parent?.release(n)
    },
  }
}
