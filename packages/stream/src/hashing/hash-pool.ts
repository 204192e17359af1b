import { type FileHandle, open } from 'node:fs/promises'
import { HashWorkerError } from '../errors.js'
import { createSharedBufferIds } from '../input/shared-views.js'
import { type HashWorker, startHashWorker } from './hash-worker.js'

/** MD5 of parts in parallel worker threads, and one running SHA-256 of the whole stream. */
export interface HashPool {
  /**
   * Lowercase hex MD5 of `chunks`. Views of shared memory are read in place: their buffer is posted
   * to each worker once (and kept by it until {@link HashPool.destroy}), then named by id.
   */
  md5(chunks: readonly Uint8Array[]): Promise<string>
  /** Feeds the running SHA-256; calls are applied in the order made. */
  sha256Update(chunks: readonly Uint8Array[]): Promise<void>
  sha256UpdateFile(path: string): Promise<void>
  /** The running SHA-256 of everything fed so far, hex. */
  sha256Digest(): Promise<string>
  /**
   * Creates a spool file at `path` (which must not exist): each write goes to the file (through
   * libuv's thread pool) while a worker feeds the part's MD5 with the same bytes, in parallel.
   */
  openSpool(path: string): SpoolWriter
  /**
   * A running MD5 in one worker, fed in the order of the calls (a part read in several pieces);
   * `finish` answers it. Like a spool without its file.
   */
  openMd5(): SpoolWriter
  /**
   * A running SHA-256 of its own (in the SHA-256 worker, beside the pool's): one per upload when
   * several uploads share the pool. Calls are applied in the order made.
   */
  openSha256(): Sha256Stream
  /**
   * Starts the first MD5 worker now, if none runs yet (a no-op after that, or once destroyed): a
   * worker takes some 40 ms to come up, which an upload or a download can spend on its first
   * requests instead of waiting for it with its first part.
   */
  prestart(): void
  /** Terminates every worker; pending requests reject. */
  destroy(): Promise<void>
}

/**
 * A spool file being written while a worker feeds its MD5 with the same bytes: the part is hashed
 * while it is spooled, off the main thread. Calls run in the order made.
 */
export interface SpoolWriter {
  /** Appends `chunks` (views of shared blocks are read in place); resolves once they are written. */
  write(chunks: readonly Uint8Array[]): Promise<void>
  /** Closes the file; resolves to the lowercase hex MD5 of everything written. */
  finish(): Promise<string>
  /** Closes the file without a hash (never rejects); removing it is the caller's. */
  discard(): Promise<void>
}

/** A running SHA-256 of one stream, fed and answered by the pool's SHA-256 worker. */
export interface Sha256Stream {
  update(chunks: readonly Uint8Array[]): Promise<void>
  updateFile(path: string): Promise<void>
  /** The SHA-256 of everything fed, hex; the stream is then spent. */
  digest(): Promise<string>
}

/** Options of {@link createHashPool}. */
export interface HashPoolOptions {
  /** The most MD5 workers, started on demand. */
  readonly size: number
  /** Added to the workers' nice value (Linux only; see `startHashWorker`). @default 0 */
  readonly nice?: number | undefined
}

/** A pool of `size` MD5 workers plus one SHA-256 worker, all started lazily. */
export function createHashPool({ size, nice = 0 }: HashPoolOptions): HashPool {
  const workers: HashWorker[] = []
  let shaWorker: HashWorker | undefined
  let destroyed = false
  let spools = 0
  let shaStreams = 0
  // Shared buffers (the block pool's slabs) are posted to each worker once and then named by id.
  const ids = createSharedBufferIds()

  const pick = (): HashWorker => {
    if (destroyed) throw new HashWorkerError('hash pool destroyed')
    const idle = workers.find((w) => w.pending === 0)
    if (idle) return idle
    if (workers.length < Math.max(1, size)) {
      const worker = startHashWorker(ids, nice)
      workers.push(worker)
      return worker
    }
    return workers.reduce((a, b) => (b.pending < a.pending ? b : a))
  }
  const sha = (): HashWorker => {
    if (destroyed) throw new HashWorkerError('hash pool destroyed')
    shaWorker ??= startHashWorker(ids, nice)
    return shaWorker
  }
  /** A running MD5 in one worker. */
  const openSession = (): SpoolWriter => openMd5Session(pick(), ++spools)
  return {
    md5: async (chunks) => String(await pick().run({ op: 'md5', chunks })),
    sha256Update: async (chunks) => {
      await sha().run({ op: 'sha-update', chunks })
    },
    sha256UpdateFile: async (path) => {
      await sha().run({ op: 'sha-update-file', path })
    },
    sha256Digest: async () => String(await sha().run({ op: 'sha-digest' })),
    openSpool: (path) => openFileSpool(path, openSession()),
    openMd5: () => openSession(),
    openSha256: () => openShaStream(sha, ++shaStreams),
    prestart() {
      if (!destroyed && workers.length === 0) workers.push(startHashWorker(ids, nice))
    },
    async destroy() {
      destroyed = true
      const all = shaWorker ? [...workers, shaWorker] : workers
      await Promise.all(all.map((w) => w.terminate()))
    },
  }
}

/** The running MD5 numbered `spool` in `worker`, fed in the order of the writes. */
function openMd5Session(worker: HashWorker, spool: number): SpoolWriter {
  const opened = worker.run({ op: 'spool-open', spool })
  opened.catch(() => {})
  return {
    async write(chunks) {
      await opened
      await worker.run({ op: 'spool-write', spool, chunks })
    },
    async finish() {
      await opened
      return String(await worker.run({ op: 'spool-finish', spool }))
    },
    async discard() {
      await worker.run({ op: 'spool-close', spool }).catch(() => {})
    },
  }
}

/**
 * A spool file at `path` written from this thread (positional writes, run by libuv's thread pool)
 * while `md5` (a running MD5 in a worker) is fed the same chunks: the copy into the page cache and
 * the hashing run side by side, not one after the other in the worker. A write resolves once both
 * are done with its chunks (so that their blocks can be reused), and rejects with the first failure.
 */
function openFileSpool(path: string, md5: SpoolWriter): SpoolWriter {
  const file = open(path, 'wx', 0o600).catch((error: unknown) => {
    throw spoolFileError(`cannot create the spool file ${path}`, error)
  })
  file.catch(() => {})
  let position = 0
  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= file.then(
      (handle) => handle.close(),
      () => {},
    )
    return closing
  }
  return {
    async write(chunks) {
      const at = position
      for (const chunk of chunks) position += chunk.byteLength
      const [written, hashed] = await Promise.allSettled([
        file.then((handle) =>
          writeAt(handle, chunks, at).catch((error: unknown) => {
            throw spoolFileError(`cannot write the spool file ${path}`, error)
          }),
        ),
        md5.write(chunks),
      ])
      if (written.status === 'rejected') throw written.reason
      if (hashed.status === 'rejected') throw hashed.reason
    },
    async finish() {
      await close()
      return md5.finish()
    },
    async discard() {
      await md5.discard()
      await close().catch(() => {})
    },
  }
}

/** A failure of a spool file, coded as the worker's were when it wrote the file. */
function spoolFileError(what: string, cause: unknown): HashWorkerError {
  const detail = cause instanceof Error ? `: ${cause.message}` : ''
  return new HashWorkerError(`${what}${detail}`, { cause })
}

/** Writes `chunks` one after the other from file offset `at`. */
async function writeAt(
  handle: FileHandle,
  chunks: readonly Uint8Array[],
  at: number,
): Promise<void> {
  let offset = at
  for (const chunk of chunks) {
    let done = 0
    while (done < chunk.byteLength) {
      const { bytesWritten } = await handle.write(chunk, done, chunk.byteLength - done, offset)
      done += bytesWritten
      offset += bytesWritten
    }
  }
}

/** The running SHA-256 numbered `stream`, in the SHA-256 worker that `sha` answers. */
function openShaStream(sha: () => HashWorker, stream: number): Sha256Stream {
  return {
    update: async (chunks) => {
      await sha().run({ op: 'sha-update', chunks, stream })
    },
    updateFile: async (path) => {
      await sha().run({ op: 'sha-update-file', path, stream })
    },
    digest: async () => String(await sha().run({ op: 'sha-digest', stream })),
  }
}
