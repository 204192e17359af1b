import type { Readable } from 'node:stream'
import type { PartLimits } from './part-limits.js'
import type { UploadProgress } from './progress.js'
import type { ByteSource } from './to-async-iterable.js'
import type { ObjectAttributes, UploadClient } from './upload-client.js'

/** Something worth knowing that is not an error. */
export type UploadEvent =
  | { readonly type: 'resumed'; readonly uploadId: string; readonly journaledParts: number }
  | { readonly type: 'upload-gone'; readonly uploadId: string; readonly cause: unknown }
  | { readonly type: 'abort-failed'; readonly uploadId: string; readonly cause: unknown }

/** Options of `uploadStream`. */
export interface UploadStreamOptions extends ObjectAttributes {
  /** The client to send through (`createClient` of `@jss/protocol`). */
  client: UploadClient
  bucket: string
  key: string
  /**
   * The data, of any length: a Node `Readable`, a web `ReadableStream` (e.g. `Blob.stream()`) or any
   * async iterable of byte chunks (e.g. an async generator). Exactly one of `body` and `parts` is
   * required.
   *
   * Each chunk is fully consumed — copied into the uploader's pooled memory (or passed on to a spool
   * file) — before the next one is pulled, and no reference to it is kept: a source MAY reuse or
   * overwrite the buffer of a chunk as soon as `next()` is called again (e.g. read a descriptor into
   * the same buffer every time). The same holds for `parts`.
   * @example fs.createReadStream('big.tar')
   */
  body?: Readable | ByteSource
  /**
   * The data already cut into parts: each element is one part (e.g. piped through `stream-chunker`).
   * Every element but the last must be at least `limits.minPartSize`.
   * @example process.stdin.pipe(chunker(16 * 1024 * 1024, { flush: true }))
   */
  parts?: ByteSource
  /**
   * The initial part size in bytes; without `sizeHint` it is kept for as many parts as possible
   * (1,728 of 8 MiB: 13.5 GiB) and parts then double every `maxParts / 1000` parts, so that streams
   * of more than 40 TiB fit in 10,000 parts.
   * @default 8 MiB (8_388_608)
   * @example 16 * 1024 * 1024
   */
  partSize?: number
  /**
   * The most part requests in flight at once.
   * @default 4
   * @example 8
   */
  concurrency?: number
  /**
   * The most bytes of the stream held in pooled memory; fixed for the whole upload. A part larger
   * than this is spooled to a temporary file and sent from it in chunks of one block (≤ 1 MiB), so
   * the uploader holds at most this plus one chunk (`peakBytesInMemory` in the progress reports).
   * @default (concurrency + 1) × the initial part size
   * @example 256 * 1024 * 1024
   */
  memoryLimit?: number
  /**
   * How much lower than the uploader's own the scheduling priority of the hash worker threads is:
   * added to their nice value (capped at 19), on Linux; ignored elsewhere. Hashing is throughput
   * work that back-pressure keeps fed, so letting the latency-bound work (reading the source,
   * sending the parts, and the processes at the other ends) run first makes the whole pipeline
   * faster on a machine with few cores — when the hash workers could take every core. With a core
   * left to the uploader (the default `hashWorkers`), the workers are what the upload waits for and
   * keep the uploader's priority. Set 0 to hash at the uploader's priority, e.g. when other
   * CPU-bound processes at normal priority would otherwise starve the hashing.
   * @default 10 when `hashWorkers` ≥ the cores (`os.availableParallelism()`), else 0
   * @example 0
   */
  hashWorkerNice?: number
  /**
   * The most MD5 worker threads, started as parts need them. Each costs about 8 MB of resident
   * memory; the default leaves one core to the uploader's own thread, which reads the source and
   * sends the parts (on 2 cores, one worker at normal priority uploaded within the run-to-run noise
   * of two at lowered priority, and saved 8 MB: see
   * https://github.com/jss-stream/jss-stream/blob/main/docs/benchmarks.md).
   * @default Math.max(1, Math.min(concurrency, os.availableParallelism() - 1))
   * @example 4
   */
  hashWorkers?: number
  /**
   * The expected stream length: parts are then the smallest size that fits it in `maxParts`.
   * @default none (unknown length)
   * @example 10 * 1024 ** 3
   */
  sizeHint?: number
  /**
   * Fail (and abort the upload) when the stream is shorter or longer than `sizeHint`.
   * @default false
   * @example true
   */
  exactSize?: boolean
  /**
   * Compute the SHA-256 of the whole stream (in a worker thread) and return it.
   * @default false
   * @example true
   */
  sha256?: boolean
  /** Aborts the upload; the promise then rejects with `signal.reason`. @default none @example AbortSignal.timeout(60_000) */
  signal?: AbortSignal
  /** Called at least every 250 ms while the upload runs, and once at the end. @default none @example (p) => console.log(p.bytesRead) */
  onProgress?: (progress: UploadProgress) => void
  /** Resume, clean-up and other notices. @default none @example (e) => console.warn(e.type) */
  onEvent?: (event: UploadEvent) => void
  /**
   * A journal file that makes the upload resumable: created if missing, resumed if present,
   * deleted after success. While a journal is in use a failed upload is never aborted.
   * @default none
   * @example './backup.tar.jss-journal'
   */
  journal?: string
  /**
   * Keep the uploaded parts (do not abort the multipart upload) when the upload fails.
   * @default false
   * @example true
   */
  leavePartsOnError?: boolean
  /** The store's part limits. @default { minPartSize: 5 MiB, maxPartSize: 5 GiB, maxParts: 10000 } @example { maxParts: 20 } */
  limits?: Partial<PartLimits>
  /** Deadline of the clean-up abort request, in milliseconds. @default 10_000 @example 5_000 */
  abortTimeout?: number
  /** Directory for spool files. @default os.tmpdir() @example '/var/tmp' */
  tempDir?: string
}

/** A part of the finished object. */
export interface UploadedPart {
  readonly partNumber: number
  readonly etag: string
  readonly size: number
}

/** The stored object. */
export interface UploadStreamResult {
  readonly bucket: string
  readonly key: string
  /** The object's ETag, verified: the MD5 of the body, or the multipart rule for multipart. */
  readonly etag: string
  /** Bytes stored. */
  readonly size: number
  /** The parts, ascending; empty when the data went in one PUT. */
  readonly parts: readonly UploadedPart[]
  /** The multipart upload id; absent for a single PUT. */
  readonly uploadId?: string
  /** Hex SHA-256 of the whole stream, with `sha256: true`. */
  readonly sha256?: string
}
