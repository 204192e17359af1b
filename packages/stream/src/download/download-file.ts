import type { FileHandle } from 'node:fs/promises'
import { InvalidOptionError } from '../errors.js'
import {
  type DownloadResult,
  type DownloadStreamOptions,
  resolveDownloadOptions,
} from './download-options.js'
import { onAbortOf } from './download-parts.js'
import { downloadBlocks } from './download-to.js'

/** Options of {@link downloadFile}: those of `downloadStream`, and the file to write. */
export interface DownloadFileOptions extends DownloadStreamOptions {
  /**
   * The file, open for writing (`fs.promises.open(path, 'wx')`): each range is written at its
   * offset, counted from the first byte downloaded, as soon as it is fetched. Left open. Required.
   * @example await open('backup.tar', 'wx')
   */
  readonly file: Pick<FileHandle, 'write'>
}

/** Writes all of `chunks` at `position` (a short write is continued). */
async function writeAt(
  file: Pick<FileHandle, 'write'>,
  chunks: readonly Buffer[],
  position: number,
): Promise<void> {
  let at = position
  for (const chunk of chunks) {
    let done = 0
    while (done < chunk.byteLength) {
      const { bytesWritten } = await file.write(chunk, done, chunk.byteLength - done, at)
      if (bytesWritten <= 0) throw new Error(`the file took no bytes at offset ${at}`)
      done += bytesWritten
      at += bytesWritten
    }
  }
}

/**
 * Downloads an object into a file with parallel ranged GETs, as `downloadStream` does, but writes
 * each range at its offset as soon as it is fetched instead of passing the bytes on in order: a
 * range is fetched into one of (concurrency + 1) reused blocks, hashed there in place, written with
 * one positional write, and its block reused (`downloadTo`'s blocks). Resolves with the
 * {@link DownloadResult} once every byte is written and verified; a mismatch rejects with a
 * `DownloadIntegrityError` (the file then holds bytes that must not be used: write to a temporary
 * name and rename it on success). A failed write is never retried. An abort of `signal` rejects
 * with its reason. Invalid options throw an `InvalidOptionError` before any request.
 * @example
 * const file = await open('backup.tar.tmp', 'wx')
 * try { await downloadFile({ client, bucket: 'b', key: 'backup.tar', schedule, file }) }
 * finally { await file.close() }
 */
export async function downloadFile(options: DownloadFileOptions): Promise<DownloadResult> {
  const resolved = resolveDownloadOptions(options)
  const { file } = options
  if (typeof file?.write !== 'function') {
    throw new InvalidOptionError('file must be a FileHandle open for writing')
  }
  const controller = new AbortController()
  const user = resolved.signal
  const unlink = onAbortOf(user, (reason) => controller.abort(reason))
  if (user?.aborted) controller.abort(user.reason)
  try {
    return await downloadBlocks(resolved, controller.signal, {
      writeAt: (offset, bytes) => writeAt(file, [bytes], offset),
    })
  } catch (error) {
    controller.abort(error)
    throw controller.signal.reason ?? error
  } finally {
    unlink()
  }
}
