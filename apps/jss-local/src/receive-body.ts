import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { JssLocalServiceError } from './errors.js'
import type { HashedFile, HashPool } from './hash-pool.js'

/** A body written to a temporary file, with its size and MD5. */
export interface ReceivedBody {
  readonly path: string
  readonly size: number
  /** Lowercase hex MD5 of the bytes. */
  readonly md5: string
}

/** How to receive a body. */
export interface ReceiveOptions {
  readonly tmpDir: string
  /** The declared Content-Length. */
  readonly length: number
  /** Worker threads that hash and write; without it, hashing runs on this thread. */
  readonly pool?: HashPool | undefined
  /** 400 RequestTimeout when no byte arrives for this long; 0 never. */
  readonly idleTimeoutMs?: number | undefined
}

function incompleteBody(): JssLocalServiceError {
  return new JssLocalServiceError(
    400,
    'IncompleteBody',
    'You did not provide the number of bytes specified by the Content-Length HTTP header.',
    { connection: 'close' },
  )
}

function requestTimeout(): JssLocalServiceError {
  return new JssLocalServiceError(
    400,
    'RequestTimeout',
    'Your socket connection to the server was not read from or written to within the timeout period.',
    { connection: 'close' },
  )
}

function storageError(error: unknown): JssLocalServiceError {
  return new JssLocalServiceError(500, 'InternalError', `Storage failed: ${String(error)}`)
}

/**
 * Hashes on this thread while the file system writes in the thread pool. Consumes the body with
 * events (never destroying it, so that an error can still be answered).
 */
function writeHere(body: Readable, path: string, signal: AbortSignal): Promise<HashedFile> {
  return new Promise((resolve, reject) => {
    const hash = createHash('md5')
    const out = createWriteStream(path, { highWaterMark: 4 * 1024 * 1024 })
    let size = 0
    let settled = false
    const settle = (error: unknown, result?: HashedFile): void => {
      if (settled) return
      settled = true
      body.off('data', onData)
      body.off('end', onEnd)
      body.off('error', settle)
      body.off('close', onClose)
      signal.removeEventListener('abort', onAbort)
      if (error === undefined) {
        resolve(result!)
        return
      }
      out.destroy()
      reject(error)
    }
    const onData = (chunk: Buffer): void => {
      hash.update(chunk)
      size += chunk.length
      if (!out.write(chunk)) {
        body.pause()
        out.once('drain', () => body.resume())
      }
    }
    const onEnd = (): void => {
      out.end(() => settle(undefined, { size, md5: hash.digest('hex') }))
    }
    const onClose = (): void => {
      if (!body.readableEnded) settle(new Error('the body was closed before its end'))
    }
    const onAbort = (): void => {
      body.pause()
      settle(signal.reason)
    }
    out.on('error', (error) => {
      body.pause()
      settle(storageError(error))
    })
    body.on('data', onData)
    body.once('end', onEnd)
    body.once('error', settle)
    body.once('close', onClose)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Streams a request body to a temporary file while hashing it with MD5, chunk by chunk, never holding
 * the body: in a worker of `pool` when given, else on this thread. A body that fails or is shorter
 * than `length` is 400 IncompleteBody, one that stalls is 400 RequestTimeout; both leave no file.
 */
export async function receiveBody(body: Readable, options: ReceiveOptions): Promise<ReceivedBody> {
  const path = join(options.tmpDir, randomUUID())
  const controller = new AbortController()
  const idle = options.idleTimeoutMs ?? 0
  let timer: NodeJS.Timeout | undefined
  // Refreshing one timer per chunk costs far less than replacing it.
  const arm = (): void => {
    timer?.refresh()
  }
  if (idle > 0) {
    timer = setTimeout(() => controller.abort(requestTimeout()), idle)
    body.on('data', arm)
  }
  let file: HashedFile
  try {
    file = options.pool
      ? await options.pool.write(body, path, {
          signal: controller.signal,
          workerError: storageError,
        })
      : await writeHere(body, path, controller.signal)
  } catch (error) {
    await rm(path, { force: true })
    if (error instanceof JssLocalServiceError) throw error
    throw incompleteBody()
  } finally {
    clearTimeout(timer)
    body.off('data', arm)
  }
  if (file.size !== options.length) {
    await rm(path, { force: true })
    throw incompleteBody()
  }
  return { path, ...file }
}
