/**
 * Aborts `controller` with `parent.reason` when `parent` aborts, and returns the function that
 * undoes the link. Unlike `AbortSignal.any`, nothing stays registered on a long-lived `parent`
 * once the returned function has run: a client that makes 100,000 calls on one signal holds one
 * listener at a time, not 100,000 until the next garbage collection.
 * @example
 * const unlink = linkSignal(options.signal, controller)
 * try { await attempt(controller.signal) } finally { unlink() }
 */
export function linkSignal(
  parent: AbortSignal | undefined,
  controller: AbortController,
): () => void {
  if (parent === undefined) return () => {}
  if (parent.aborted) {
    controller.abort(parent.reason)
    return () => {}
  }
  const onAbort = (): void => controller.abort(parent.reason)
  parent.addEventListener('abort', onAbort, { once: true })
  return () => parent.removeEventListener('abort', onAbort)
}
