import { isServiceError, multipartEtag } from '@jss/protocol'
import {
  EtagMismatchError,
  JournalMismatchError,
  JssStreamError,
  SizeMismatchError,
} from '../errors.js'
import { createSlots } from '../memory/slots.js'
import type { ReadPart } from '../parts/part.js'
import { feedSha256, hashPart, partBody } from '../parts/part-body.js'
import type { JournalPart } from './journal.js'
import type { ResumeState } from './resume-upload.js'
import type { UploadContext } from './upload-context.js'
import type { UploadedPart, UploadStreamResult } from './upload-options.js'

/**
 * Uploads `first` and the rest of `parts` as one multipart upload (a new one, or the resumed one):
 * each part hashed in a worker, sent with its Content-MD5 while at most `concurrency` are in flight,
 * its ETag checked, the journal updated; Complete only after every part, and the final ETag checked.
 * On failure nothing more is read or sent, in-flight requests are cancelled and the upload is
 * aborted (unless parts are to be kept); the first failure is thrown.
 */
export async function uploadMultipart(
  ctx: UploadContext,
  first: ReadPart,
  parts: AsyncIterator<ReadPart, void>,
  resume: ResumeState | undefined,
): Promise<UploadStreamResult> {
  const { client, bucket, key } = ctx.settings
  let uploadId = resume?.uploadId
  const done = new Map<number, UploadedPart>()
  const tasks: Promise<void>[] = []
  const slots = createSlots(ctx.settings.concurrency)

  const saveJournal = async (): Promise<void> => {
    if (!ctx.resources.journal || uploadId === undefined) return
    // Journaled parts not replayed yet stay in the journal: the upload still holds them.
    const parts = new Map<number, JournalPart>(resume?.journaled)
    for (const p of done.values()) parts.set(p.partNumber, { ...p, md5: p.etag })
    const acknowledged = [...parts.values()].sort((a, b) => a.partNumber - b.partNumber)
    await ctx.resources.journal.write({
      version: 1,
      bucket,
      key,
      uploadId,
      schedule: ctx.settings.schedule,
      parts: acknowledged.map((p) => ({ partNumber: p.partNumber, size: p.size, md5: p.md5 })),
    })
  }

  const sendPart = async (
    id: string,
    part: ReadPart,
    md5Promise: Promise<string>,
    shaPromise: Promise<void> | undefined,
    weight: number,
  ): Promise<void> => {
    let acknowledged: number | undefined
    ctx.resources.progress.partStarted()
    try {
      const md5 = await md5Promise
      const n = part.partNumber
      const journaled = resume?.journaled.get(n)
      if (journaled && (journaled.md5 !== md5 || journaled.size !== part.size)) {
        throw new JournalMismatchError(
          `part ${n} of the input (${part.size} bytes, MD5 ${md5}) differs from the journaled part (${journaled.size} bytes, MD5 ${journaled.md5}): this is not the input of the interrupted upload`,
          n,
        )
      }
      const stored = resume?.stored.get(n)
      if (!(stored && stored.etag.toLowerCase() === md5 && stored.size === part.size)) {
        const { body, release } = partBody(part, ctx.resources.spoolRead)
        const params = { bucket, key, uploadId: id, partNumber: n, body, contentMd5: md5 }
        const { etag } = await client
          .uploadPart(params, { signal: ctx.latch.signal })
          .finally(release)
        if (etag.toLowerCase() !== md5) throw new EtagMismatchError(md5, etag, n)
      }
      done.set(n, { partNumber: n, etag: md5, size: part.size })
      acknowledged = part.size
      await saveJournal()
      await shaPromise
    } catch (error) {
      ctx.latch.fail(error)
    } finally {
      await shaPromise?.catch(() => {})
      ctx.resources.progress.partSettled(acknowledged)
      await part.release()
      slots.release(weight)
    }
  }

  let size = 0
  let lastPartNumber = 0
  // Until the journal names the upload, a failure must abort it: nothing could resume it.
  let resumable = resume !== undefined
  try {
    uploadId ??= (
      await client.initiateMultipartUpload(
        { bucket, key, ...ctx.settings.attributes },
        { signal: ctx.latch.signal },
      )
    ).uploadId
    await saveJournal()
    resumable = ctx.resources.journal !== undefined
    let part: ReadPart | undefined = first
    while (part !== undefined && !ctx.latch.failure) {
      const current: ReadPart = part
      part = undefined
      size += current.size
      lastPartNumber = current.partNumber
      const md5 = hashPart(ctx.resources.hashes, current)
      const sha = ctx.settings.sha256 ? feedSha256(ctx.resources.hashes, current) : undefined
      md5.catch(() => {})
      sha?.catch(() => {})
      const weight = current.kind === 'memory' ? 1 : ctx.settings.concurrency
      try {
        await slots.acquire(weight, ctx.latch.signal)
      } catch (error) {
        await sha?.catch(() => {})
        await current.release()
        throw error
      }
      tasks.push(sendPart(uploadId, current, md5, sha, weight))
      const next = await parts.next()
      if (!next.done) part = next.value
    }
    await Promise.all(tasks)
    if (ctx.latch.failure) throw ctx.latch.failure.error
    checkEnd(ctx, resume, size, lastPartNumber)
    const ordered = [...done.values()].sort((a, b) => a.partNumber - b.partNumber)
    const stored = ordered.reduce((n, p) => n + p.size, 0)
    if (ordered.length !== lastPartNumber || stored !== size) {
      throw new JssStreamError(
        'JSS_STREAM_INCOMPLETE',
        `only ${ordered.length} of ${lastPartNumber} parts (${stored} of ${size} bytes) were acknowledged`,
      )
    }
    const expected = multipartEtag(ordered.map((p) => p.etag))
    const sha256 = ctx.settings.sha256 ? await ctx.resources.hashes.sha256Digest() : undefined
    const { etag } = await client.completeMultipartUpload(
      {
        bucket,
        key,
        uploadId,
        parts: ordered.map((p) => ({ partNumber: p.partNumber, etag: p.etag })),
        expectedSize: size,
      },
      { signal: ctx.latch.signal },
    )
    await ctx.resources.journal?.remove()
    if (etag.toLowerCase() !== expected) throw new EtagMismatchError(expected, etag)
    const result = { bucket, key, etag: expected, size, parts: ordered, uploadId }
    return sha256 === undefined ? result : { ...result, sha256 }
  } catch (error) {
    ctx.latch.fail(error)
    const cause = ctx.latch.failure!.error
    await Promise.all(tasks)
    await parts.return?.()?.catch(() => {})
    if (uploadId !== undefined && !ctx.settings.leavePartsOnError && !resumable) {
      await abortQuietly(ctx, uploadId)
    }
    throw cause
  }
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
