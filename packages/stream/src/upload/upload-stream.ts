import {
  resolveUploadOptions,
  type UploadStreamOptions,
  type UploadStreamResult,
} from './upload-options.js'
import { createUploader } from './uploader.js'
import type { UploadOptions } from './uploader-options.js'

export { DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE } from './upload-options.js'

/**
 * Uploads a stream of unknown length to `bucket/key`: one verified PUT when it ends inside the first
 * part, otherwise a multipart upload with bounded memory, parallel parts, Content-MD5 on each, and
 * the final ETag checked before success (by the client: see `UploadClient`). Resumable with
 * `journal`; always settles, never leaves an upload behind unless asked to (`leavePartsOnError`,
 * `journal`). Every option is checked before anything is read or sent (`JSS_ERR_INVALID_OPTION`).
 * It is a one-upload `createUploader` (created, used once, closed): for many uploads in one process,
 * share one uploader instead.
 * @example
 * const client = createClient({ endpoint, credentials })
 * const result = await uploadStream({ client, bucket: 'backups', key: 'db.tar', body: process.stdin })
 */
export async function uploadStream(options: UploadStreamOptions): Promise<UploadStreamResult> {
  resolveUploadOptions(options)
  const { client, concurrency, memoryLimit, hashWorkers, hashWorkerNice, limits, ...upload } =
    options
  const uploader = createUploader({
    client,
    concurrency,
    memoryLimit,
    hashWorkers,
    hashWorkerNice,
    limits,
  })
  try {
    return await uploader.upload(upload as UploadOptions)
  } finally {
    await uploader.close()
  }
}
