import { isServiceError } from '@jss/protocol'
import { JournalMismatchError, JssStreamError, SizeMismatchError } from '../errors.js'
import type { Slots } from '../memory/slots.js'
import type { ReadPart } from '../parts/part.js'
import { feedSha256, hashPart, partBody } from '../parts/part-body.js'
import type { JournalPart } from './journal.js'
import type { ResumeState } from './resume-upload.js'
import type { UploadContext } from './upload-context.js'
import type { UploadedPart, UploadStreamResult } from './upload-options.js'

/** The state of one multipart upload while its parts are sent. */
interface MultipartRun {
  readonly ctx: UploadContext
  readonly resume: ResumeState | undefined
  /** Set once the upload is initiated (or at once, when resumed). */
  uploadId: string | undefined
  /** The acknowledged parts, by number. */
  readonly done: Map<number, UploadedPart>
  /** The part requests under way. */
  readonly tasks: Promise<void>[]
  readonly slots: Slots
  /** Bytes read into parts so far. */
  size: number
  lastPartNumber: number
}

/** A part handed to its request: its hashes under way and the slots it holds. */
interface PartInFlight {
  readonly part: ReadPart
  readonly md5: Promise<string>
  readonly sha: Promise<void> | undefined
  readonly weight: number
}

/**
 * Uploads `first` and the rest of `parts` as one multipart upload (a new one, or the resumed one):
 * each part hashed in a worker, sent with its Content-MD5 while at most `concurrency` are in flight,
 * the journal updated; Complete only after every part. On failure nothing more is read or sent,
 * in-flight requests are cancelled and the upload is aborted (unless parts are to be kept); the
 * first failure is thrown.
 */
export async function uploadMultipart(
  ctx: UploadContext,
  first: ReadPart,
  parts: AsyncIterator<ReadPart, void>,
  resume: ResumeState | undefined,
): Promise<UploadStreamResult> {
  const run: MultipartRun = {
    ctx,
    resume,
    uploadId: resume?.uploadId,
    done: new Map(),
    tasks: [],
    slots: ctx.resources.requests,
    size: 0,
    lastPartNumber: 0,
  }
  // Until the journal names the upload, a failure must abort it: nothing could resume it.
  let resumable = resume !== undefined
  // The parts after the first are read (and hashed) while the Initiate is in flight; each part's
  // request waits for the upload id.
  const initiated = initiate(run).then((uploadId) => {
    resumable = ctx.resources.journal !== undefined
    return uploadId
  })
  initiated.catch((error: unknown) => ctx.latch.fail(error))
  try {
    await sendParts(run, initiated, first, parts)
    return await complete(run, await initiated)
  } catch (error) {
    ctx.latch.fail(error)
    const cause = ctx.latch.failure!.error
    await initiated.catch(() => {}) // an Initiate in flight settles first: what it created is known
    await Promise.all(run.tasks)
    await parts.return?.()?.catch(() => {})
    if (run.uploadId !== undefined && !ctx.settings.leavePartsOnError && !resumable) {
      await abortQuietly(ctx, run.uploadId)
    }
    throw cause
  }
}

/**
 * A signal that aborts `ms` after `signal` does (with its reason): a request that creates something
 * gets that long to answer, so that what it created is known and can be cleaned up.
 */
function graceSignal(signal: AbortSignal, ms: number): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const onAbort = (): void => {
    timer = setTimeout(() => controller.abort(signal.reason), ms)
  }
  if (signal.aborted) onAbort()
  else signal.addEventListener('abort', onAbort, { once: true })
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
    },
  }
}

/**
 * Initiates the upload unless it is resumed, and journals its id. An abort while the Initiate is
 * in flight lets it finish (for up to `abortTimeout`): the upload it created is then aborted by
 * the caller rather than left open on the server, unknown.
 */
async function initiate(run: MultipartRun): Promise<string> {
  const { settings, latch } = run.ctx
  if (run.uploadId === undefined) {
    latch.signal.throwIfAborted()
    const grace = graceSignal(latch.signal, settings.abortTimeout)
    try {
      run.uploadId = (
        await settings.client.initiateMultipartUpload(
          { bucket: settings.bucket, key: settings.key, ...settings.attributes },
          { signal: grace.signal },
        )
      ).uploadId
    } finally {
      grace.dispose()
    }
    latch.signal.throwIfAborted() // the caller aborts the new upload
  }
  await saveJournal(run)
  return run.uploadId
}

/** Writes the journal: the upload id, the schedule and every acknowledged part. */
async function saveJournal(run: MultipartRun): Promise<void> {
  const { settings, resources } = run.ctx
  if (!resources.journal || run.uploadId === undefined) return
  // Journaled parts not replayed yet stay in the journal: the upload still holds them.
  const parts = new Map<number, JournalPart>(run.resume?.journaled)
  for (const p of run.done.values()) parts.set(p.partNumber, { ...p, md5: p.etag })
  const acknowledged = [...parts.values()].sort((a, b) => a.partNumber - b.partNumber)
  await resources.journal.write({
    version: 1,
    bucket: settings.bucket,
    key: settings.key,
    uploadId: run.uploadId,
    schedule: settings.schedule,
    parts: acknowledged.map((p) => ({ partNumber: p.partNumber, size: p.size, md5: p.md5 })),
  })
}

/** Reads the parts one after the other, starting each one's request; waits for them all. */
async function sendParts(
  run: MultipartRun,
  initiated: Promise<string>,
  first: ReadPart,
  parts: AsyncIterator<ReadPart, void>,
): Promise<void> {
  const { latch } = run.ctx
  let part: ReadPart | undefined = first
  while (part !== undefined && !latch.failure) {
    run.size += part.size
    run.lastPartNumber = part.partNumber
    const inFlight = await startHashing(run, part)
    run.tasks.push(sendPart(run, initiated, inFlight))
    const next = await parts.next()
    part = next.done ? undefined : next.value
  }
  // a part read but never sent (the upload failed meanwhile) gives its blocks or file back
  if (part !== undefined) await part.release()
  await Promise.all(run.tasks)
  if (latch.failure) throw latch.failure.error
}

/** Starts a part's hashes, then waits for its slots (a spooled part takes them all). */
async function startHashing(run: MultipartRun, part: ReadPart): Promise<PartInFlight> {
  const { settings, resources, latch } = run.ctx
  const md5 = hashPart(resources.hashes, part)
  const sha = settings.sha256 ? feedSha256(resources.hashes, part) : undefined
  md5.catch(() => {})
  sha?.catch(() => {})
  const weight = part.kind === 'memory' ? 1 : settings.concurrency
  try {
    await run.slots.acquire(weight, latch.signal)
  } catch (error) {
    await sha?.catch(() => {})
    await part.release()
    throw error
  }
  return { part, md5, sha, weight }
}

/**
 * Sends one part (unless the resumed upload holds it already) once the upload is initiated, and
 * records it; never throws.
 */
async function sendPart(
  run: MultipartRun,
  initiated: Promise<string>,
  inFlight: PartInFlight,
): Promise<void> {
  const { part, sha, weight } = inFlight
  const { resources, latch } = run.ctx
  let acknowledged: number | undefined
  resources.progress.partStarted()
  try {
    const md5 = await inFlight.md5
    const uploadId = await initiated
    checkJournaledPart(run.resume, part, md5)
    if (!isStoredAlready(run.resume, part, md5)) await putPart(run.ctx, uploadId, part, md5)
    run.done.set(part.partNumber, { partNumber: part.partNumber, etag: md5, size: part.size })
    acknowledged = part.size
    await saveJournal(run)
    await sha
  } catch (error) {
    latch.fail(error)
  } finally {
    await sha?.catch(() => {})
    resources.progress.partSettled(acknowledged)
    await part.release()
    run.slots.release(weight)
  }
}

/** On resume, a part the journal holds must be the same part again. */
function checkJournaledPart(resume: ResumeState | undefined, part: ReadPart, md5: string): void {
  const n = part.partNumber
  const journaled = resume?.journaled.get(n)
  if (journaled && (journaled.md5 !== md5 || journaled.size !== part.size)) {
    throw new JournalMismatchError(
      `part ${n} of the input (${part.size} bytes, MD5 ${md5}) differs from the journaled part (${journaled.size} bytes, MD5 ${journaled.md5}): this is not the input of the interrupted upload`,
      n,
    )
  }
}

/** The resumed upload already holds this very part (same MD5 and size). */
function isStoredAlready(resume: ResumeState | undefined, part: ReadPart, md5: string): boolean {
  const stored = resume?.stored.get(part.partNumber)
  return stored !== undefined && stored.etag.toLowerCase() === md5 && stored.size === part.size
}

/** Sends one part with its Content-MD5 (the client checks the returned ETag). */
async function putPart(
  ctx: UploadContext,
  uploadId: string,
  part: ReadPart,
  md5: string,
): Promise<void> {
  const { settings, resources, latch } = ctx
  const n = part.partNumber
  const { body, release } = partBody(part, resources.spoolRead)
  const params = {
    bucket: settings.bucket,
    key: settings.key,
    uploadId,
    partNumber: n,
    body,
    contentMd5: md5,
  }
  // the client verifies the ETag against contentMd5 (see UploadClient)
  await settings.client.uploadPart(params, { signal: latch.signal }).finally(release)
}

/** Checks that every part was acknowledged and completes the upload (the client checks its ETag). */
async function complete(run: MultipartRun, uploadId: string): Promise<UploadStreamResult> {
  const { settings, resources, latch } = run.ctx
  const { size } = run
  checkEnd(run.ctx, run.resume, size, run.lastPartNumber)
  const ordered = acknowledgedParts(run)
  const sha256 = settings.sha256 ? await resources.hashes.sha256Digest() : undefined
  // the client verifies the object's ETag against the parts' in its dialect (see UploadClient)
  const completed = await settings.client.completeMultipartUpload(
    {
      bucket: settings.bucket,
      key: settings.key,
      uploadId,
      parts: ordered.map((p) => ({ partNumber: p.partNumber, etag: p.etag })),
      expectedSize: size,
    },
    { signal: latch.signal },
  )
  await resources.journal?.remove()
  const result = {
    bucket: settings.bucket,
    key: settings.key,
    etag: completed.etag,
    size,
    parts: ordered,
    uploadId,
    schedule: settings.schedule,
  }
  return sha256 === undefined ? result : { ...result, sha256 }
}

/** The acknowledged parts in order; throws unless they are every part read, byte for byte. */
function acknowledgedParts(run: MultipartRun): UploadedPart[] {
  const ordered = [...run.done.values()].sort((a, b) => a.partNumber - b.partNumber)
  const stored = ordered.reduce((n, p) => n + p.size, 0)
  if (ordered.length !== run.lastPartNumber || stored !== run.size) {
    throw new JssStreamError(
      'JSS_ERR_INCOMPLETE',
      `only ${ordered.length} of ${run.lastPartNumber} parts (${stored} of ${run.size} bytes) were acknowledged`,
    )
  }
  return ordered
}

function checkEnd(
  ctx: UploadContext,
  resume: ResumeState | undefined,
  size: number,
  lastPartNumber: number,
): void {
  if (
    ctx.settings.exactSize &&
    ctx.settings.sizeHint !== undefined &&
    size !== ctx.settings.sizeHint
  ) {
    throw new SizeMismatchError(ctx.settings.sizeHint, size)
  }
  const beyond = [...(resume?.journaled.keys() ?? [])].filter((n) => n > lastPartNumber)
  if (beyond.length > 0) {
    throw new JournalMismatchError(
      `the input ended after part ${lastPartNumber}, but the journaled upload holds part ${Math.min(...beyond)}: this is not the input of the interrupted upload`,
      lastPartNumber + 1,
    )
  }
}

/** Aborts a multipart upload with its own deadline; a failure becomes an `abort-failed` event. */
export async function abortQuietly(ctx: UploadContext, uploadId: string): Promise<void> {
  try {
    await ctx.settings.client.abortMultipartUpload(
      { bucket: ctx.settings.bucket, key: ctx.settings.key, uploadId },
      { signal: AbortSignal.timeout(ctx.settings.abortTimeout) },
    )
  } catch (error) {
    // Gone already (completed on the server, or aborted): nothing is left behind.
    if (isServiceError(error, 'NoSuchUpload')) return
    ctx.emit({ type: 'abort-failed', uploadId, cause: error })
  }
}
