/**
 * Waits `ms`, resolving early when `signal` aborts. The abort listener is removed when the wait
 * ends, so that many waits on one long-lived signal do not pile up listeners.
 * @example await sleep(1000, closing.signal)
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}
