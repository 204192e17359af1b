import type { Writable } from 'node:stream'

/** An error of the output (not of the body), wrapped so that a download does not resume it. */
export class WriteFailure {
  readonly error: unknown
  constructor(error: unknown) {
    this.error = error
  }
}

/**
 * Writes each piece to `out` and resolves once `out` called back, which for a stream over a file
 * descriptor (stdout: a pipe, a file or a terminal; a file's `WriteStream`) means the bytes were
 * handed to the kernel: the download may then reuse their block. Any other Writable (a
 * `PassThrough` holds what it was given until it is read) is given a copy. A failure of `out`
 * rejects with a {@link WriteFailure}.
 */
export function outputWriter(out: Writable & { fd?: unknown }): (bytes: Buffer) => Promise<void> {
  return (bytes) =>
    new Promise((resolve, reject) => {
      const chunk = typeof out.fd === 'number' ? bytes : Buffer.from(bytes)
      try {
        out.write(chunk, (error) => (error ? reject(new WriteFailure(error)) : resolve()))
      } catch (error) {
        reject(new WriteFailure(error))
      }
    })
}
