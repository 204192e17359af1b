import { SizeMismatchError } from '../errors.js'
import type { ReadPart } from '../parts/part.js'
import { feedSha256, hashPart, partBody } from '../parts/part-body.js'
import type { UploadContext } from './upload-context.js'
import type { UploadStreamResult } from './upload-options.js'

/** Stores a stream that ended inside its first part (or at once) with one verified PUT. */
export async function putSingle(
  ctx: UploadContext,
  part: ReadPart | undefined,
): Promise<UploadStreamResult> {
  const size = part?.size ?? 0
  if (
    ctx.settings.exactSize &&
    ctx.settings.sizeHint !== undefined &&
    size !== ctx.settings.sizeHint
  ) {
    throw new SizeMismatchError(ctx.settings.sizeHint, size)
  }
  const empty = new Uint8Array(0)
  const [md5, sha256] = await Promise.all([
    part ? hashPart(ctx.resources.hashes, part) : ctx.resources.hashes.md5([empty]),
    ctx.settings.sha256 ? sha256Of(ctx, part) : undefined,
  ])
  await sendPut(ctx, part, md5)
  ctx.resources.progress.acknowledge(size)
  const { bucket, key, schedule } = ctx.settings
  const result = { bucket, key, etag: md5, size, parts: [], schedule }
  return sha256 === undefined ? result : { ...result, sha256 }
}

/**
 * Sends the PUT with its Content-MD5 within the uploader's request limit: one slot, or every slot
 * for a spooled part (as a spooled part of a multipart upload takes).
 */
async function sendPut(ctx: UploadContext, part: ReadPart | undefined, md5: string): Promise<void> {
  const { settings, resources, latch } = ctx
  const empty = new Uint8Array(0)
  const weight = part?.kind === 'spool' ? settings.concurrency : 1
  await resources.requests.acquire(weight, latch.signal)
  const { body, release } = part
    ? partBody(part, resources.spoolRead)
    : { body: [empty], release() {} }
  try {
    // the client verifies the ETag against contentMd5 (see UploadClient)
    await settings.client.putObject(
      { bucket: settings.bucket, key: settings.key, body, contentMd5: md5, ...settings.attributes },
      { signal: latch.signal },
    )
  } finally {
    release()
    resources.requests.release(weight)
  }
}

async function sha256Of(ctx: UploadContext, part: ReadPart | undefined): Promise<string> {
  if (part) await feedSha256(ctx.resources.hashes, part)
  return ctx.resources.hashes.sha256Digest()
}
