import { createHash } from 'node:crypto'
import { addAbortSignal, type Writable } from 'node:stream'
import type { GetObjectResult, JssClient } from '@jss/protocol'
import { DEFAULT_LIMITS } from '@jss/stream'
import { BodyTooSlowError, IntegrityError } from './errors.js'
import { PartHasher } from './part-hasher.js'
import type { ByteRange } from './range.js'
import { checkRecordedSchedule, type RecordedSchedule } from './schedule-check.js'
import { scheduleMetadataName } from './schedule-metadata.js'
import type { Target } from './target.js'
import { type EtagVerdict, verifyEtag } from './verify-etag.js'

/** Options of {@link download}. */
export interface DownloadOptions {
  client: Pick<JssClient, 'getObject'>
  target: Target
  range?: ByteRange | undefined
  out: Writable
  signal: AbortSignal
  /** Dropped connections resumed with a Range request before giving up. @default 5 */
  maxResumes?: number
  /** Told about each resume. */
  onResume?: (offset: number, error: unknown) => void
  /**
   * The progress floor of the body: in every window of `windowMs` during which the download was not
   * waiting for `out`, at least `minBytes` bytes (or the rest of the body) must arrive, or the
   * response is dropped and resumed like a broken one. A body that always makes some progress
   * never trips a silence timeout, only this.
   * @default none
   */
  floor?: { windowMs: number; minBytes: number } | undefined
}

/** The slowest body `get` takes, averaged over each `--timeout` window: 1 KiB/s. */
export const minBytesPerSecond = 1024

/** Why a response was dropped: slower than the floor. */
class TooSlow extends Error {}

/**
 * Drops `body` when a window of `windowMs` passes with fewer than `minBytes` (or `left()`) bytes
 * counted; windows with a wait for the output (backpressure, not the server's doing) do not count.
 */
class ProgressFloor {
  #bytes = 0
  #waiting = false
  #waited = false
  #timer: ReturnType<typeof setInterval>
  constructor(floor: { windowMs: number; minBytes: number }, left: () => number, drop: () => void) {
    this.#timer = setInterval(() => {
      const short = !this.#waited && this.#bytes < Math.min(floor.minBytes, left())
      this.#bytes = 0
      this.#waited = this.#waiting
      if (short) drop()
    }, floor.windowMs)
  }
  count(bytes: number): void {
    this.#bytes += bytes
  }
  /** Around a wait for the output. */
  waiting(waiting: boolean): void {
    this.#waiting = waiting
    this.#waited = true
  }
  stop(): void {
    clearInterval(this.#timer)
  }
}

/** What a download did. */
export interface DownloadResult {
  bytes: number
  etag: string
  resumes: number
  /** The MD5 check of a whole-object download; `undefined` for a range. */
  verdict: EtagVerdict | undefined
  /** The part schedule recorded in the metadata, when it was not valid or did not fit the object. */
  ignoredSchedule?: { text: string; problem: string }
}

class WriteFailure {
  readonly error: unknown
  constructor(error: unknown) {
    this.error = error
  }
}

/**
 * Streams an object (or a range of it) to `out` with backpressure. A body that ends early or
 * breaks is resumed from where it stopped with a Range request, provided the ETag is unchanged.
 * Fails with an IntegrityError on a short body or when the MD5 of a whole object contradicts a
 * checkable ETag (see {@link verifyEtag}).
 */
export async function download(options: DownloadOptions): Promise<DownloadResult> {
  const { client, target, range, out, signal } = options
  const maxResumes = options.maxResumes ?? 5
  const call = async (r: ByteRange | undefined): Promise<GetObjectResult> => {
    const result = await client.getObject(
      { ...target, ...(r === undefined ? {} : { range: r }) },
      { signal },
    )
    // A stalled body must stop on a signal too.
    addAbortSignal(signal, result.body)
    return result
  }
  let response = await call(range)
  const { etag, contentLength: expected } = response
  const start = range?.start ?? 0
  const recordedText = response.metadata[scheduleMetadataName]
  const recorded: RecordedSchedule =
    range === undefined ? checkRecordedSchedule(recordedText, expected, etag) : { kind: 'none' }
  // A schedule of several parts that is valid and fits the object: hash along it. The whole body's
  // MD5 is computed too unless the object is too large for a single PUT, so that a plain MD5 ETag
  // always verifies whatever the metadata says.
  const parts =
    recorded.kind === 'usable' && recorded.parts > 1 ? new PartHasher(recorded.schedule) : undefined
  const hash =
    range !== undefined || (parts !== undefined && expected > DEFAULT_LIMITS.maxPartSize)
      ? undefined
      : createHash('md5')
  let received = 0
  let resumes = 0
  let slow = 0
  for (;;) {
    const body = response.body
    const floor =
      options.floor === undefined
        ? undefined
        : new ProgressFloor(
            options.floor,
            () => expected - received,
            () => body.destroy(new TooSlow()),
          )
    try {
      for await (const chunk of body as AsyncIterable<Uint8Array>) {
        hash?.update(chunk)
        parts?.update(chunk)
        received += chunk.length
        floor?.count(chunk.length)
        try {
          if (!out.write(chunk)) {
            floor?.waiting(true)
            try {
              await drained(out, signal)
            } finally {
              floor?.waiting(false)
            }
          }
        } catch (error) {
          throw new WriteFailure(error)
        }
      }
      if (received >= expected) break
      throw new IntegrityError(`short body: received ${received} of ${expected} bytes`)
    } catch (error) {
      body.destroy()
      if (error instanceof WriteFailure) throw error.error
      if (signal.aborted) throw signal.reason
      if (error instanceof TooSlow) slow += 1
      if (resumes >= maxResumes) {
        if (error instanceof TooSlow && options.floor !== undefined) {
          const { windowMs, minBytes } = options.floor
          throw new BodyTooSlowError(
            `the body of ${target.bucket}/${target.key} came too slowly: less than ${minBytes} bytes in ${windowMs / 1000} s (--timeout), ${slow} times; ${received} of ${expected} bytes received`,
          )
        }
        if (received < expected) {
          throw new IntegrityError(
            `short body: received ${received} of ${expected} bytes after ${resumes} resumed requests`,
          )
        }
        throw error
      }
      resumes += 1
      options.onResume?.(
        start + received,
        error instanceof TooSlow && options.floor !== undefined
          ? new Error(
              `less than ${options.floor.minBytes} bytes in ${options.floor.windowMs / 1000} s`,
            )
          : error,
      )
      const end = range?.end ?? start + expected - 1
      response = await call({ start: start + received, end })
      if (response.etag !== etag) {
        response.body.destroy()
        throw new IntegrityError(
          `the object changed during the download (ETag ${etag}, now ${response.etag}); download again`,
        )
      }
    } finally {
      floor?.stop()
    }
  }
  if (received !== expected) {
    throw new IntegrityError(`body too long: received ${received} of ${expected} bytes`)
  }
  const verdict =
    range !== undefined
      ? undefined
      : verifyEtag({
          etag,
          bodyMd5: hash === undefined ? parts?.wholeMd5() : hash.digest('hex'),
          size: received,
          scheduleEtag: parts?.etag(),
        })
  if (verdict === 'mismatch') {
    throw new IntegrityError(`MD5 mismatch: the data received does not match the ETag ${etag}`)
  }
  return {
    bytes: received,
    etag,
    resumes,
    verdict,
    ...(recorded.kind === 'ignored'
      ? { ignoredSchedule: { text: recordedText ?? '', problem: recorded.problem } }
      : {}),
  }
}

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
