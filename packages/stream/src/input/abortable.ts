/** Races promises, in turn, against an abort signal, with one abort listener for all of them. */
export interface AbortRace {
  /** `promise`, or a rejection with `signal.reason` once the signal aborts, whichever is first. */
  race<T>(promise: Promise<T>): Promise<T>
  /** Removes the abort listener. */
  dispose(): void
}

/**
 * One abort listener for a loop of awaits (cheaper than adding and removing one on every turn).
 */
export function createAbortRace(signal: AbortSignal | undefined): AbortRace {
  let reject: ((reason: unknown) => void) | undefined
  const onAbort = (): void => {
    reject?.(signal?.reason)
    reject = undefined
  }
  signal?.addEventListener('abort', onAbort, { once: true })
  return {
    race<T>(promise: Promise<T>): Promise<T> {
      if (!signal) return promise
      if (signal.aborted) {
        promise.catch(() => {})
        return Promise.reject(signal.reason)
      }
      return new Promise<T>((resolve, fail) => {
        reject = (reason) => {
          promise.catch(() => {})
          fail(reason)
        }
        promise.then(resolve, fail)
      })
    },
    dispose() {
      signal?.removeEventListener('abort', onAbort)
      reject = undefined
    },
  }
}
