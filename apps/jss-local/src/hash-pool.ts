import type { Readable } from 'node:stream'
import { Worker } from 'node:worker_threads'
import { HASH_WORKER_SOURCE } from './hash-worker-source.js'

/** The result of hashing a body into a file. */
export interface HashedFile {
  readonly size: number
  /** Lowercase hex MD5. */
  readonly md5: string
}

interface Session {
  readonly worker: PoolWorker
  readonly onMessage: (message: WorkerMessage) => void
}

interface PoolWorker {
  readonly worker: Worker
  sessions: number
}

type WorkerMessage =
  | { readonly id: number; readonly type: 'ack'; readonly bytes: number }
  | { readonly id: number; readonly type: 'done'; readonly md5: string; readonly size: number }
  | { readonly id: number; readonly type: 'error'; readonly message: string }

/** Options of `HashPool.write`. */
export interface WriteOptions {
  /** Stops the write (the body is paused, not destroyed, so that an answer can still be sent). */
  readonly signal?: AbortSignal | undefined
  /** Makes the error a worker failure rejects with. */
  readonly workerError?: ((message: string) => Error) | undefined
}

/** Bytes gathered before they are sent to the worker in one message. */
const BATCH = 1024 * 1024

/** Bytes sent to a worker and not yet written before the body is paused. */
const HIGH_WATER = 8 * 1024 * 1024

/**
 * Worker threads that hash bodies with MD5 and write them to files, so that parallel uploads use
 * every core (node:crypto hashes on the calling thread) and the main thread only parses HTTP.
 * Chunks that own their memory (the HTTP parser's body chunks do) are transferred, not copied.
 */
export class HashPool {
  readonly #size: number
  readonly #workers: PoolWorker[] = []
  readonly #sessions = new Map<number, Session>()
  #nextId = 1
  /** The index of the worker picked last. */
  #turn = 0
  #closed = false

  constructor(size: number) {
    this.#size = size
  }

  #spawn(): PoolWorker {
    const entry: PoolWorker = {
      worker: new Worker(HASH_WORKER_SOURCE, { eval: true }),
      sessions: 0,
    }
    entry.worker.unref()
    entry.worker.on('message', (message: WorkerMessage) => {
      this.#sessions.get(message.id)?.onMessage(message)
    })
    const lost = (error: unknown): void => {
      const at = this.#workers.indexOf(entry)
      if (at >= 0) this.#workers.splice(at, 1)
      for (const [id, session] of this.#sessions) {
        if (session.worker === entry)
          session.onMessage({ id, type: 'error', message: String(error) })
      }
    }
    entry.worker.on('error', lost)
    entry.worker.on('exit', (code) => {
      if (this.#workers.includes(entry)) lost(new Error(`hash worker exited with code ${code}`))
    })
    this.#workers.push(entry)
    return entry
  }

  /**
   * An idle worker, a new one while the pool is not full, else one with the fewest sessions. Ties go
   * round, so that an uneven number of bodies does not always load the same worker.
   */
  #pick(): PoolWorker {
    if (this.#workers.length < this.#size && !this.#workers.some((w) => w.sessions === 0)) {
      return this.#spawn()
    }
    const count = this.#workers.length
    let best: PoolWorker | undefined
    for (let step = 1; step <= count; step++) {
      const candidate = this.#workers[(this.#turn + step) % count]!
      if (!best || candidate.sessions < best.sessions) best = candidate
    }
    this.#turn = this.#workers.indexOf(best!)
    return best!
  }

  /**
   * Writes `body` to `path` in a worker while hashing it. Rejects with the body's error when the body
   * fails, with `signal.reason` when aborted (the body is paused, never destroyed), or with
   * `workerError(message)` when the worker fails.
   */
  write(body: Readable, path: string, options: WriteOptions = {}): Promise<HashedFile> {
    const { signal, workerError = (message: string) => new Error(message) } = options
    if (this.#closed) return Promise.reject(new Error('the hash pool is closed'))
    const entry = this.#pick()
    const { worker } = entry
    const id = this.#nextId++
    entry.sessions++
    return new Promise<HashedFile>((resolve, reject) => {
      let inFlight = 0
      let settled = false
      const settle = (error: unknown, result?: HashedFile): void => {
        if (settled) return
        settled = true
        entry.sessions--
        this.#sessions.delete(id)
        body.off('data', onData)
        body.off('end', onEnd)
        body.off('error', onError)
        body.off('close', onClose)
        signal?.removeEventListener('abort', onAbort)
        if (error !== undefined) reject(error)
        else resolve(result!)
      }
      // Chunks go to the worker in batches (one message and one writev per batch), transferred.
      let batch: { data: ArrayBuffer; offset: number; length: number }[] = []
      let batchBytes = 0
      let scheduled = false
      const flush = (): void => {
        scheduled = false
        if (batch.length === 0 || settled) return
        worker.postMessage(
          { id, type: 'chunks', chunks: batch },
          batch.map((c) => c.data),
        )
        batch = []
        batchBytes = 0
      }
      const onData = (chunk: Buffer): void => {
        const owned = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength
        const data = owned ? chunk : new Uint8Array(chunk)
        batch.push({
          data: data.buffer as ArrayBuffer,
          offset: data.byteOffset,
          length: data.byteLength,
        })
        batchBytes += data.byteLength
        inFlight += data.byteLength
        if (batchBytes >= BATCH) flush()
        else if (!scheduled) {
          scheduled = true
          setImmediate(flush)
        }
        if (inFlight > HIGH_WATER) body.pause()
      }
      const onEnd = (): void => {
        flush()
        worker.postMessage({ id, type: 'end' })
      }
      const onError = (error: unknown): void => {
        worker.postMessage({ id, type: 'abort' })
        settle(error)
      }
      const onClose = (): void => {
        if (!body.readableEnded) onError(new Error('the body was closed before its end'))
      }
      const onAbort = (): void => {
        body.pause()
        onError(signal?.reason)
      }
      this.#sessions.set(id, {
        worker: entry,
        onMessage: (message) => {
          if (message.type === 'ack') {
            inFlight -= message.bytes
            if (inFlight <= HIGH_WATER / 2 && body.isPaused()) {
              flush()
              body.resume()
            }
          } else if (message.type === 'done') {
            settle(undefined, { size: message.size, md5: message.md5 })
          } else {
            body.pause()
            settle(workerError(message.message))
          }
        },
      })
      worker.postMessage({ id, type: 'open', path })
      body.on('data', onData)
      body.once('end', onEnd)
      body.once('error', onError)
      body.once('close', onClose)
      if (signal?.aborted) onAbort()
      else signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.#closed = true
    await Promise.all(this.#workers.splice(0).map((w) => w.worker.terminate()))
  }
}
