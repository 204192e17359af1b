import type { Readable, Writable } from 'node:stream'

/** An error of the output (not of the body), wrapped so that a download does not resume it. */
export class WriteFailure {
  readonly error: unknown
  constructor(error: unknown) {
    this.error = error
  }
}

/**
 * Copies a body to `out` with backpressure, handing each chunk to `onChunk` first. A failure of
 * `out` rejects with a {@link WriteFailure}; a failure of the body with the body's error.
 */
export async function copyBody(
  body: Readable,
  out: Writable,
  signal: AbortSignal,
  onChunk: (chunk: Uint8Array) => void,
): Promise<void> {
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    onChunk(chunk)
    try {
      if (!out.write(chunk)) await drained(out, signal)
    } catch (error) {
      throw new WriteFailure(error)
    }
  }
}

/** Waits for `out` to drain; rejects when it fails, closes, or the signal aborts. */
function drained(out: Writable, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: unknown): void => {
      out.off('drain', onDrain)
      out.off('error', onError)
      out.off('close', onClose)
      signal.removeEventListener('abort', onAbort)
      if (error === undefined) resolve()
      else reject(error)
    }
    const onDrain = (): void => done()
    const onError = (error: Error): void => done(error)
    const onClose = (): void => done(new Error('output closed'))
    const onAbort = (): void => done(signal.reason)
    out.on('drain', onDrain)
    out.on('error', onError)
    out.on('close', onClose)
    signal.addEventListener('abort', onAbort)
  })
}
