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
  const { body, release } = part
    ? partBody(part, ctx.resources.spoolRead)
    : { body: [empty], release() {} }
  // the client verifies the ETag against contentMd5 (see UploadClient)
  await ctx.settings.client
    .putObject(
      {
        bucket: ctx.settings.bucket,
        key: ctx.settings.key,
        body,
        contentMd5: md5,
        ...ctx.settings.attributes,
      },
      { signal: ctx.latch.signal },
    )
    .finally(release)
  ctx.resources.progress.acknowledge(size)
  const { bucket, key, schedule } = ctx.settings
  const result = { bucket, key, etag: md5, size, parts: [], schedule }
  return sha256 === undefined ? result : { ...result, sha256 }
}

async function sha256Of(ctx: UploadContext, part: ReadPart | undefined): Promise<string> {
  if (part) await feedSha256(ctx.resources.hashes, part)
  return ctx.resources.hashes.sha256Digest()
}
