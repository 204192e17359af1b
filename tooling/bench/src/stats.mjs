/** Median of a non-empty list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** `{ median, min, max }` of a list. */
export function summarize(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) }
}

export const MiB = 1024 * 1024
export const GiB = 1024 * MiB

/** `2.0 GiB`, `256 MiB`. */
export function formatBytes(bytes) {
  return bytes >= GiB
    ? `${(bytes / GiB).toFixed(bytes % GiB ? 1 : 0)} GiB`
    : `${Math.round(bytes / MiB)} MiB`
}

/** Throughput in MB/s (10^6 bytes per second), as the peers report it. */
export function mbPerSecond(bytes, seconds) {
  return bytes / 1e6 / seconds
}
