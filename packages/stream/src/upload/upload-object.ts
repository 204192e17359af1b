import { Readable } from 'node:stream'
import { JournalMismatchError, PartSizeError, SizeMismatchError, TooLargeError } from '../errors.js'
import { type PartSegment, splitParts, splitStream } from '../input/split-stream.js'
import { toAsyncIterable } from '../input/to-async-iterable.js'
import type { ReservingPool } from '../memory/reserving-pool.js'
import type { PartSchedule } from '../parts/parse-part-schedule.js'
import type { ReadPart } from '../parts/part.js'
import type { PartLimits } from '../parts/part-limits.js'
import { partSizeAt } from '../parts/part-schedule.js'
import { pumpParts } from '../parts/pump-parts.js'
import { type ReadPartsOptions, readParts } from '../parts/read-parts.js'
import { createJournalWriter, readJournal } from './journal.js'
import { putSingle } from './put-single.js'
import { type ResumeState, resumeUpload } from './resume-upload.js'
import type { SharedResources } from './shared-resources.js'
import { createUploadContext, type UploadContext } from './upload-context.js'
import { abortQuietly, uploadMultipart } from './upload-multipart.js'
import type { ResolvedUploadOptions, UploadStreamResult } from './upload-options.js'

/**
 * One upload through the resources of an uploader, its options checked already (`resolved`): reads
 * the journal, then stores the stream with one PUT or a multipart upload; always settles, and gives
 * back every block it held. `stop` (the uploader's) aborts it as the caller's signal does.
 */
export async function uploadObject(
  shared: SharedResources,
  resolved: ResolvedUploadOptions,
  stop?: AbortSignal,
): Promise<UploadStreamResult> {
  const { options, concurrency, limits, partSize } = resolved
  if (options.signal?.aborted) throw options.signal.reason
  if (stop?.aborted) throw stop.reason
  const source = toAsyncIterable(resolved.input)

  const { resume, schedule } = await resumeOrStart(resolved)
  const ctx = createUploadContext(
    {
      options,
      concurrency,
      limits: schedule ? { ...limits, maxParts: schedule.maxParts } : limits,
      schedule,
      initialPartSize: schedule?.initialPartSize ?? partSize,
      abortTimeout: resolved.abortTimeout,
      journal: options.journal === undefined ? undefined : createJournalWriter(options.journal),
    },
    shared,
    stop,
  )
  try {
    return await run(
      ctx,
      source,
      resolved.input instanceof Readable ? resolved.input : undefined,
      resume,
    )
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

/**
 * Reads the stream into parts and stores it: one PUT when it fits in the first part, else
 * multipart. `stream` is the input when it is a Node `Readable` (`source` reads the same stream).
 */
async function run(
  ctx: UploadContext,
  source: AsyncIterable<Uint8Array | string>,
  stream: Readable | undefined,
  resume: ResumeState | undefined,
): Promise<UploadStreamResult> {
  const { schedule } = ctx.settings
  let read = 0
  const options: ReadPartsOptions = {
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
  }
  // A Node stream cut by a schedule is gathered in its own 'data' events (no async step per
  // chunk); any other source, or one whose chunks are the parts, goes through the segments.
  const parts = partByPart(
    ctx.resources.pool,
    schedule && stream !== undefined
      ? pumpParts(stream, options)
      : readParts(
          schedule
            ? splitStream(source, {
                sizeAt: (n) => partSizeAt(schedule, n),
                signal: ctx.latch.signal,
              })
            : splitParts(source, { signal: ctx.latch.signal }),
          options,
        ),
  )
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
  const planned = (segment: PartSegment): number => {
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
  return (segment) => {
    const size = planned(segment)
    ctx.resources.pool.beginPart(size)
    return size
  }
}

/** The parts as read, each one's unused reserved blocks given back as soon as it is gathered. */
async function* partByPart(
  pool: ReservingPool,
  parts: AsyncGenerator<ReadPart, void, undefined>,
): AsyncGenerator<ReadPart, void, undefined> {
  try {
    for await (const part of parts) {
      pool.endPart()
      yield part
    }
  } finally {
    pool.endPart()
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
