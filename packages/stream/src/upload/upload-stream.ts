import { JournalMismatchError, PartSizeError, SizeMismatchError, TooLargeError } from '../errors.js'
import { type PartSegment, splitParts, splitStream } from '../input/split-stream.js'
import { toAsyncIterable } from '../input/to-async-iterable.js'
import type { PartSchedule } from '../parts/parse-part-schedule.js'
import type { ReadPart } from '../parts/part.js'
import type { PartLimits } from '../parts/part-limits.js'
import { partSizeAt } from '../parts/part-schedule.js'
import { readParts } from '../parts/read-parts.js'
import { createJournalWriter, readJournal } from './journal.js'
import { putSingle } from './put-single.js'
import { type ResumeState, resumeUpload } from './resume-upload.js'
import { createUploadContext, type UploadContext } from './upload-context.js'
import { abortQuietly, uploadMultipart } from './upload-multipart.js'
import {
  type ResolvedUploadOptions,
  resolveUploadOptions,
  type UploadStreamOptions,
  type UploadStreamResult,
} from './upload-options.js'

export { DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE } from './upload-options.js'

/**
 * Uploads a stream of unknown length to `bucket/key`: one verified PUT when it ends inside the first
 * part, otherwise a multipart upload with bounded memory, parallel parts, Content-MD5 on each, and
 * the final ETag checked before success (by the client: see `UploadClient`). Resumable with
 * `journal`; always settles, never leaves an upload behind unless asked to (`leavePartsOnError`,
 * `journal`). Every option is checked before
 * anything is read or sent (`JSS_ERR_INVALID_OPTION`).
 * @example
 * const client = createClient({ endpoint, credentials })
 * const result = await uploadStream({ client, bucket: 'backups', key: 'db.tar', body: process.stdin })
 */
export async function uploadStream(options: UploadStreamOptions): Promise<UploadStreamResult> {
  const resolved = resolveUploadOptions(options)
  const { concurrency, limits, partSize } = resolved
  if (options.signal?.aborted) throw options.signal.reason
  const source = toAsyncIterable(resolved.input)

  const { resume, schedule } = await resumeOrStart(resolved)
  const ctx = createUploadContext({
    options,
    concurrency,
    limits: schedule ? { ...limits, maxParts: schedule.maxParts } : limits,
    schedule,
    initialPartSize: schedule?.initialPartSize ?? partSize,
    abortTimeout: resolved.abortTimeout,
    journal: options.journal === undefined ? undefined : createJournalWriter(options.journal),
  })
  try {
    return await run(ctx, source, resume)
  } catch (error) {
    ctx.latch.fail(error)
    throw ctx.latch.failure!.error
  } finally {
    await ctx.close()
  }
}

/** The journaled upload to resume, if `journal` names one that still exists, and its schedule. */
async function resumeOrStart(
  resolved: ResolvedUploadOptions,
): Promise<{ resume: ResumeState | undefined; schedule: PartSchedule | null }> {
  const { options, cutIntoParts, limits } = resolved
  if (options.journal === undefined) return { resume: undefined, schedule: resolved.schedule }
  const journal = await readJournal(options.journal, { limits })
  if (!journal) return { resume: undefined, schedule: resolved.schedule }
  const resume = await resumeUpload(journal, {
    client: options.client,
    bucket: options.bucket,
    key: options.key,
    cutIntoParts,
    path: options.journal,
    signal: options.signal,
    emit: (event) => options.onEvent?.(event),
  })
  return { resume, schedule: resume ? journal.schedule : resolved.schedule }
}

/** Reads the stream into parts and stores it: one PUT when it fits in the first part, else multipart. */
async function run(
  ctx: UploadContext,
  source: AsyncIterable<Uint8Array | string>,
  resume: ResumeState | undefined,
): Promise<UploadStreamResult> {
  const { schedule } = ctx.settings
  let read = 0
  const segments = schedule
    ? splitStream(source, { sizeAt: (n) => partSizeAt(schedule, n), signal: ctx.latch.signal })
    : splitParts(source, { signal: ctx.latch.signal })
  const parts = readParts(segments, {
    pool: ctx.resources.pool,
    plannedSize: plannedSizeOf(ctx),
    spoolPath: () => ctx.resources.spoolPath(),
    openSpool: (path) => ctx.resources.hashes.openSpool(path),
    signal: ctx.latch.signal,
    onBytes: (bytes) => {
      ctx.resources.progress.read(bytes)
      read += bytes
      if (
        ctx.settings.exactSize &&
        ctx.settings.sizeHint !== undefined &&
        read > ctx.settings.sizeHint
      ) {
        throw new SizeMismatchError(ctx.settings.sizeHint, read, true)
      }
    },
  })
  const iterator = parts[Symbol.asyncIterator]()
  let first: IteratorResult<ReadPart, void>
  try {
    first = await iterator.next()
  } catch (error) {
    ctx.latch.fail(error)
    throw ctx.latch.failure!.error
  }
  if (first.done && resume !== undefined && resume.journaled.size > 0) {
    throw new JournalMismatchError(
      `the input is empty, but the journaled upload holds part ${Math.min(...resume.journaled.keys())}: this is not the input of the interrupted upload`,
      1,
    )
  }
  if (first.done || (first.value.final && resume === undefined)) {
    return storeSingle(ctx, first.done ? undefined : first.value, resume)
  }
  return uploadMultipart(ctx, first.value, iterator, resume)
}

/** Stores a stream that ended inside its first part with one PUT, then releases the part. */
async function storeSingle(
  ctx: UploadContext,
  part: ReadPart | undefined,
  resume: ResumeState | undefined,
): Promise<UploadStreamResult> {
  try {
    const result = await putSingle(ctx, part)
    if (resume) {
      // An empty input replaces a journaled upload that holds nothing yet.
      await abortQuietly(ctx, resume.uploadId)
      await ctx.resources.journal?.remove()
    }
    return result
  } finally {
    await part?.release()
  }
}

/** The planned size of a part from its first segment, checking the part limits on the way. */
function plannedSizeOf(ctx: UploadContext): (segment: PartSegment) => number {
  const { limits, schedule } = ctx.settings
  let previous: { partNumber: number; size: number } | undefined
  return (segment) => {
    const n = segment.partNumber
    if (n > limits.maxParts) {
      throw new TooLargeError(
        `the stream needs more than ${limits.maxParts} parts${schedule ? ` (${sizeOf(schedule)})` : ''}`,
      )
    }
    if (schedule) return partSizeAt(schedule, n)
    const size = segment.data.byteLength
    checkCutPart(limits, previous, n, size)
    previous = { partNumber: n, size }
    return size
  }
}

function checkCutPart(
  limits: PartLimits,
  previous: { partNumber: number; size: number } | undefined,
  partNumber: number,
  size: number,
): void {
  if (size > limits.maxPartSize) {
    throw new PartSizeError(
      `part ${partNumber} has ${size} bytes, more than the ${limits.maxPartSize} allowed`,
      partNumber,
    )
  }
  if (previous && previous.size < limits.minPartSize) {
    throw new PartSizeError(
      `part ${previous.partNumber} has ${previous.size} bytes but is not the last: parts but the last need at least ${limits.minPartSize}`,
      previous.partNumber,
    )
  }
}

function sizeOf(schedule: PartSchedule): string {
  return `parts of ${schedule.initialPartSize} bytes growing to ${schedule.maxPartSize}`
}
