import { createHash } from 'node:crypto'
import { addAbortSignal, type Writable } from 'node:stream'
import { DEFAULTS, type GetObjectResult, type JssClient } from '@jss/protocol'
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
    try {
      for await (const chunk of body as AsyncIterable<Uint8Array>) {
        hash?.update(chunk)
        parts?.update(chunk)
        received += chunk.length
        try {
          if (!out.write(chunk)) await drained(out, signal)
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
      // The protocol drops a body slower than its floor (timeouts.minSpeed over each --timeout
      // window): a body that drips never falls silent, so the silence timeout alone never ends it.
      const stalled = (error as { code?: unknown } | null)?.code === 'JSS_ERR_STALLED'
      if (stalled) slow += 1
      if (resumes >= maxResumes) {
        if (stalled) {
          throw new BodyTooSlowError(
            `the body of ${target.bucket}/${target.key} came too slowly: under ${DEFAULTS.timeouts.minSpeed} bytes/s over a --timeout window, ${slow} times; ${received} of ${expected} bytes received`,
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
      options.onResume?.(start + received, error)
      const end = range?.end ?? start + expected - 1
      response = await call({ start: start + received, end })
      if (response.etag !== etag) {
        response.body.destroy()
        throw new IntegrityError(
          `the object changed during the download (ETag ${etag}, now ${response.etag}); download again`,
        )
      }
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
