import { addAbortSignal, type Writable } from 'node:stream'
import { DEFAULTS, type GetObjectResult, type JssClient } from '@jss/protocol'
import { BodyVerifier, type IgnoredSchedule } from './body-verifier.js'
import { copyBody, WriteFailure } from './copy-body.js'
import { BodyTooSlowError, IntegrityError } from './errors.js'
import type { ByteRange } from './range.js'
import type { Target } from './target.js'
import type { EtagVerdict } from './verify-etag.js'

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
  /** Told the size of the body once the first response arrived. */
  onHeaders?: (contentLength: number) => void
  /** Handed each chunk of the body as it is written. */
  onChunk?: (chunk: Uint8Array) => void
}

/** What a download did. */
export interface DownloadResult {
  bytes: number
  etag: string
  resumes: number
  /** The MD5 check of a whole-object download; `undefined` for a range. */
  verdict: EtagVerdict | undefined
  /** The part schedule recorded in the metadata, when it was not valid or did not fit the object. */
  ignoredSchedule?: IgnoredSchedule
}

/** How far a download got. */
interface Tally {
  received: number
  /** Resumed requests. */
  resumes: number
  /** Bodies dropped for coming slower than the protocol's floor. */
  slow: number
}

/**
 * Streams an object (or a range of it) to `out` with backpressure. A body that ends early or
 * breaks is resumed from where it stopped with a Range request, provided the ETag is unchanged.
 * Fails with an IntegrityError on a short body or when the MD5 of a whole object contradicts a
 * checkable ETag (see {@link BodyVerifier}).
 */
export async function download(options: DownloadOptions): Promise<DownloadResult> {
  const first = await requestObject(options, options.range)
  const { etag, contentLength: expected } = first
  const verifier = new BodyVerifier(first, options.range)
  options.onHeaders?.(expected)
  const tally = await copyResuming(options, first, verifier)
  if (tally.received !== expected) {
    throw new IntegrityError(`body too long: received ${tally.received} of ${expected} bytes`)
  }
  const verdict = verifier.verify(tally.received)
  const ignoredSchedule = verifier.ignoredSchedule()
  return {
    bytes: tally.received,
    etag,
    resumes: tally.resumes,
    verdict,
    ...(ignoredSchedule === undefined ? {} : { ignoredSchedule }),
  }
}

/** Asks for the object, or a range of it; the signal stops a stalled body too. */
async function requestObject(
  options: DownloadOptions,
  range: ByteRange | undefined,
): Promise<GetObjectResult> {
  const { client, target, signal } = options
  const result = await client.getObject(
    { ...target, ...(range === undefined ? {} : { range }) },
    { signal },
  )
  addAbortSignal(signal, result.body)
  return result
}

/** Copies the body of `first` to the output, resuming it after each drop until it is complete. */
async function copyResuming(
  options: DownloadOptions,
  first: GetObjectResult,
  verifier: BodyVerifier,
): Promise<Tally> {
  const tally: Tally = { received: 0, resumes: 0, slow: 0 }
  const expected = first.contentLength
  const onChunk = (chunk: Uint8Array): void => {
    verifier.update(chunk)
    tally.received += chunk.length
    options.onChunk?.(chunk)
  }
  let response = first
  for (;;) {
    const body = response.body
    try {
      await copyBody(body, options.out, options.signal, onChunk)
      if (tally.received >= expected) return tally
      throw new IntegrityError(`short body: received ${tally.received} of ${expected} bytes`)
    } catch (error) {
      body.destroy()
      response = await resume(options, first, tally, error)
    }
  }
}

/** Requests the rest of the body after it failed with `error`; fails when the object changed. */
async function resume(
  options: DownloadOptions,
  first: GetObjectResult,
  tally: Tally,
  error: unknown,
): Promise<GetObjectResult> {
  rethrowUnlessResumable(options, first.contentLength, tally, error)
  tally.resumes += 1
  const start = options.range?.start ?? 0
  options.onResume?.(start + tally.received, error)
  const end = options.range?.end ?? start + first.contentLength - 1
  const response = await requestObject(options, { start: start + tally.received, end })
  if (response.etag !== first.etag) {
    response.body.destroy()
    throw new IntegrityError(
      `the object changed during the download (ETag ${first.etag}, now ${response.etag}); download again`,
    )
  }
  return response
}

/**
 * Throws what a failed body cannot be resumed after: a failure of the output, a signal, or any
 * failure once the resumes are used up.
 */
function rethrowUnlessResumable(
  options: DownloadOptions,
  expected: number,
  tally: Tally,
  error: unknown,
): void {
  if (error instanceof WriteFailure) throw error.error
  if (options.signal.aborted) throw options.signal.reason
  // The protocol drops a body slower than its floor (timeouts.minSpeed over each --timeout
  // window): a body that drips never falls silent, so the silence timeout alone never ends it.
  const stalled = (error as { code?: unknown } | null)?.code === 'JSS_ERR_STALLED'
  if (stalled) tally.slow += 1
  if (tally.resumes >= (options.maxResumes ?? 5)) {
    throw explainGivingUp(options.target, expected, tally, stalled, error)
  }
}

/** The error a download fails with once its resumes are used up: why the body never completed. */
function explainGivingUp(
  target: Target,
  expected: number,
  tally: Tally,
  stalled: boolean,
  error: unknown,
): unknown {
  const { received, resumes, slow } = tally
  if (stalled) {
    return new BodyTooSlowError(
      `the body of ${target.bucket}/${target.key} came too slowly: under ${DEFAULTS.timeouts.minSpeed} bytes/s over a --timeout window, ${slow} times; ${received} of ${expected} bytes received`,
    )
  }
  if (received < expected) {
    return new IntegrityError(
      `short body: received ${received} of ${expected} bytes after ${resumes} resumed requests`,
    )
  }
  return error
}
