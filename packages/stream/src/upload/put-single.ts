import { EtagMismatchError, SizeMismatchError } from '../errors.js'
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
  if (ctx.exactSize && ctx.sizeHint !== undefined && size !== ctx.sizeHint) {
    throw new SizeMismatchError(ctx.sizeHint, size)
  }
  const empty = new Uint8Array(0)
  const [md5, sha256] = await Promise.all([
    part ? hashPart(ctx.hashes, part) : ctx.hashes.md5([empty]),
    ctx.sha256 ? sha256Of(ctx, part) : undefined,
  ])
  const { body, release } = part ? partBody(part, ctx.spoolRead) : { body: [empty], release() {} }
  const { etag } = await ctx.client
    .putObject(
      { bucket: ctx.bucket, key: ctx.key, body, contentMd5: md5, ...ctx.attributes },
      { signal: ctx.signal },
    )
    .finally(release)
  if (etag.toLowerCase() !== md5) throw new EtagMismatchError(md5, etag)
  ctx.progress.acknowledge(size)
  const result = { bucket: ctx.bucket, key: ctx.key, etag: md5, size, parts: [] }
  return sha256 === undefined ? result : { ...result, sha256 }
}

async function sha256Of(ctx: UploadContext, part: ReadPart | undefined): Promise<string> {
  if (part) await feedSha256(ctx.hashes, part)
  return ctx.hashes.sha256Digest()
}
