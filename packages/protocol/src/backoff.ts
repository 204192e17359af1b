/** Backoff settings in milliseconds. */
export interface BackoffSettings {
  baseDelay: number
  maxDelay: number
}

/**
 * The wait before the attempt after `failedAttempt` (1-based): full jitter,
 * `random() · min(maxDelay, baseDelay · 2^(failedAttempt-1))`, but at least `retryAfterMs`
 * (itself capped at `maxDelay`).
 */
export function backoffDelay(
  failedAttempt: number,
  settings: BackoffSettings,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(settings.maxDelay, settings.baseDelay * 2 ** (failedAttempt - 1))
  const jittered = Math.floor(random() * ceiling)
  const floor = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, settings.maxDelay)
  return Math.max(jittered, floor)
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

/** Waits `ms`, or rejects with `signal.reason` as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason)
      return
    }
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
