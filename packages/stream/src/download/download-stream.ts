import { Readable } from 'node:stream'
import {
  type DownloadResult,
  type DownloadStreamOptions,
  resolveDownloadOptions,
} from './download-options.js'
import { downloadParts, onAbortOf } from './download-parts.js'

/** The object's bytes as a Readable, and what the download found out once they all passed. */
export type DownloadStream = Readable & {
  /**
   * Resolves after the last byte was verified, just before the stream ends; rejects with the error
   * the stream is destroyed with (a destroy without one: an `AbortError`). Handled: awaiting it is
   * optional.
   */
  readonly result: Promise<DownloadResult>
}

/**
 * Downloads an object with parallel ranged GETs into a byte `Readable`, in order, verified: made
 * for `pipeline(downloadStream(…), process.stdout)`. HEAD gives the size and ETag; an object of one
 * part is one GET, a larger one `concurrency` ranged GETs in flight along `schedule` (its parts)
 * or of `partSize`, every answer checked to carry the HEAD's ETag. At most (concurrency + 1) ranges
 * are held in memory: the fetched or in-flight ones, and the one the reader holds. The stream ends
 * only once the bytes match the ETag; a mismatch destroys it with a `DownloadIntegrityError`.
 * Aborting `signal`, or destroying the stream, aborts the GETs in flight and releases the workers.
 * Invalid options throw an `InvalidOptionError` at once; everything else destroys the stream.
 * @example
 * const download = downloadStream({ client, bucket: 'b', key: 'backup.tar', schedule })
 * await pipeline(download, process.stdout)
 * const { verified } = await download.result
 */
export function downloadStream(options: DownloadStreamOptions): DownloadStream {
  const resolved = resolveDownloadOptions(options)
  const controller = new AbortController()
  const user = resolved.signal
  const abortFromUser = (): void => {
    readable.destroy(user?.reason)
  }
  let unlisten = (): void => {}
  const parts = downloadParts(resolved, controller.signal)
  let settle: { resolve(r: DownloadResult): void; reject(e: unknown): void } | undefined
  const result = new Promise<DownloadResult>((resolve, reject) => {
    settle = { resolve, reject }
  })
  result.catch(() => {})
  let pulling = false
  // The chunks of the piece being passed on, one per read(): a byte Readable's read() would
  // otherwise concatenate everything pushed into one buffer (a copy of every byte).
  const pending: Buffer[] = []
  const readable = new Readable({
    highWaterMark: 0,
    read() {
      const chunk = pending.shift()
      if (chunk !== undefined) {
        this.push(chunk)
        return
      }
      if (pulling) return
      pulling = true
      void pullInto(this, parts, pending, settle).finally(() => {
        pulling = false
      })
    },
    destroy(error, callback) {
      unlisten()
      const reason = error ?? controller.signal.reason ?? abortError()
      controller.abort(reason)
      settle?.reject(reason)
      parts.return(undefined as never).then(
        () => callback(error),
        () => callback(error),
      )
    },
  })
  if (user?.aborted) abortFromUser()
  else unlisten = onAbortOf(user, abortFromUser)
  return Object.assign(readable, { result })
}

/**
 * Pushes the first chunk of the next non-empty piece into `readable` and keeps the others in
 * `pending`; or the end, after settling the result.
 */
async function pullInto(
  readable: Readable,
  parts: AsyncGenerator<readonly Buffer[], DownloadResult>,
  pending: Buffer[],
  settle: { resolve(r: DownloadResult): void } | undefined,
): Promise<void> {
  try {
    for (;;) {
      const next = await parts.next()
      if (readable.destroyed) return
      if (next.done) {
        settle?.resolve(next.value)
        readable.push(null)
        return
      }
      const [first, ...rest] = next.value
      if (first !== undefined) {
        pending.push(...rest)
        readable.push(first)
        return
      }
    }
  } catch (error) {
    readable.destroy(error as Error)
  }
}

/** The reason of a download destroyed without an error. */
function abortError(): Error {
  return new DOMException('The download was destroyed', 'AbortError')
}
