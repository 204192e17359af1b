/** Live counters, as seen from the server's side. */
export interface Counters {
  /** Requests received. */
  requests: number
  requestsInFlight: number
  peakRequestsInFlight: number
  /** UploadPart requests being handled. */
  partsInFlight: number
  peakPartsInFlight: number
  /** Faults injected, by kind (`500`, `503`, `reset`, `stall`, `etag`, `cut`). */
  faultsInjected: Record<string, number>
  /** Requests by operation (`uploadPart`, `putObject`, …). */
  operations: Record<string, number>
}

/** Fresh counters. */
export function createCounters(): Counters {
  return {
    requests: 0,
    requestsInFlight: 0,
    peakRequestsInFlight: 0,
    partsInFlight: 0,
    peakPartsInFlight: 0,
    faultsInjected: {},
    operations: {},
  }
}
