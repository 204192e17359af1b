import { Worker } from 'node:worker_threads'
import { HashWorkerError } from '../errors.js'
import { encodeChunks, type SharedBufferIds } from '../input/shared-views.js'
import { HASH_WORKER_SOURCE } from './hash-worker-source.js'
import { compileMd5Lanes } from './md5-lanes-compile.js'

/** One hashing request, as the worker understands it. */
export type HashRequest =
  | { readonly op: 'md5'; readonly chunks: readonly Uint8Array[] }
  | { readonly op: 'sha-update'; readonly chunks: readonly Uint8Array[]; readonly stream?: number }
  | { readonly op: 'sha-update-file'; readonly path: string; readonly stream?: number }
  | { readonly op: 'sha-digest'; readonly stream?: number }
  | { readonly op: 'spool-open'; readonly spool: number }
  | { readonly op: 'spool-write'; readonly spool: number; readonly chunks: readonly Uint8Array[] }
  | { readonly op: 'spool-finish' | 'spool-close'; readonly spool: number }

/** A hashing worker thread: requests run in order; the thread is referenced only while busy. */
export interface HashWorker {
  /** Requests sent and not yet answered. */
  readonly pending: number
  run(request: HashRequest): Promise<string | undefined>
  terminate(): Promise<void>
}

interface Pending {
  resolve(hex: string | undefined): void
  reject(error: unknown): void
}

/**
 * Starts a hashing worker from {@link HASH_WORKER_SOURCE}. Chunks in shared memory are posted as
 * integers (buffer id, offset, length): each shared buffer is posted to the worker once, with the
 * first request that refers to it, and the worker keeps it (see `encodeChunks`). On Linux the
 * thread adds `nice` to its own nice value (capped at 19; best effort, errors are ignored).
 */
export function startHashWorker(ids: SharedBufferIds, nice = 0): HashWorker {
  const worker = new Worker(HASH_WORKER_SOURCE, {
    eval: true,
    workerData: { nice, md5Lanes: compileMd5Lanes() },
  })
  const given = new Set<number>()
  worker.unref()
  const pending = new Map<number, Pending>()
  let nextId = 1
  let failure: HashWorkerError | undefined

  const failAll = (error: HashWorkerError): void => {
    failure ??= error
    for (const p of pending.values()) p.reject(failure)
    pending.clear()
  }
  worker.on('message', (message: { id: number; hex?: string; error?: string }) => {
    const p = pending.get(message.id)
    if (!p) return
    pending.delete(message.id)
    if (pending.size === 0) worker.unref()
    if (message.error !== undefined) p.reject(new HashWorkerError(message.error))
    else p.resolve(message.hex)
  })
  worker.on('error', (error) =>
    failAll(new HashWorkerError('hash worker failed', { cause: error })),
  )
  worker.on('exit', (code) => failAll(new HashWorkerError(`hash worker exited with code ${code}`)))

  return {
    get pending() {
      return pending.size
    },
    run(request) {
      if (failure) return Promise.reject(failure)
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject })
        worker.ref()
        worker.postMessage(toMessage(id, request, ids, given))
      })
    },
    async terminate() {
      failAll(new HashWorkerError('hash worker terminated'))
      await worker.terminate()
    },
  }
}

/** A request as posted: chunks become integers (see `encodeChunks`). */
function toMessage(
  id: number,
  request: HashRequest,
  ids: SharedBufferIds,
  given: Set<number>,
): object {
  if (!('chunks' in request)) return { id, ...request }
  const { chunks, ...rest } = request
  return { id, ...rest, ...encodeChunks(chunks, ids, given) }
}
