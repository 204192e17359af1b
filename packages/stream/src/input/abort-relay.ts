/**
 * Relays one caller's `AbortSignal` to every upload or download that shares it, through one
 * `'abort'` listener on it however many listen: a service that gives one shutdown signal to
 * hundreds of transfers gets no `MaxListenersExceededWarning` from Node (which warns past 10
 * listeners on an `EventTarget`), and the signal holds one listener, not one per transfer.
 */
export interface AbortRelay {
  /**
   * Calls `onAbort` once when `signal` aborts, unless the answered function was called before
   * (it stops listening; calling it again does nothing). Like `addEventListener`, nothing is called
   * for a signal that has already aborted: the caller checks `signal.aborted` first. `onAbort` must
   * not throw (the handlers after it would not run).
   */
  listen(signal: AbortSignal, onAbort: () => void): () => void
  /** How many handlers listen to `signal` (for tests and diagnostics). */
  listening(signal: AbortSignal): number
}

interface Entry {
  readonly handlers: Set<() => void>
  readonly relay: () => void
}

/** Creates an empty relay; it holds no signal strongly (a `WeakMap` keyed by the signals). */
export function createAbortRelay(): AbortRelay {
  const entries = new WeakMap<AbortSignal, Entry>()
  const entryOf = (signal: AbortSignal): Entry => {
    const known = entries.get(signal)
    if (known) return known
    const handlers = new Set<() => void>()
    const relay = (): void => {
      entries.delete(signal)
      const all = [...handlers]
      handlers.clear()
      for (const handler of all) handler()
    }
    const entry: Entry = { handlers, relay }
    entries.set(signal, entry)
    signal.addEventListener('abort', relay, { once: true })
    return entry
  }
  return {
    listen(signal, onAbort) {
      if (signal.aborted) return () => {}
      const entry = entryOf(signal)
      // a handler of its own, so that the same function listened twice is called twice
      const handler = (): void => onAbort()
      entry.handlers.add(handler)
      return () => {
        // after the abort the handlers are gone already: nothing to undo
        if (!entry.handlers.delete(handler) || entry.handlers.size > 0) return
        signal.removeEventListener('abort', entry.relay)
        entries.delete(signal)
      }
    },
    listening(signal) {
      return entries.get(signal)?.handlers.size ?? 0
    },
  }
}

/**
 * The relay of the downloads (`downloadStream`, `downloadTo`), which have no uploader to share one:
 * one for the process. It holds no signal strongly.
 */
export const downloadAborts: AbortRelay = createAbortRelay()
