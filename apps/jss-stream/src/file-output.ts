import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import type { WriteStream } from 'node:fs'
import { type FileHandle, open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { OutputFileError } from './errors.js'

/** A download's output file: written under a temporary name beside it, renamed on success. */
export interface FileOutput {
  /** The temporary file, open for writing (at offsets: `downloadFile`). */
  handle: FileHandle
  /** A stream over `handle`, for bytes written in order (made on first use). */
  stream(): WriteStream
  /** The temporary file. */
  tempPath: string
  /** Closes the temporary file and renames it to the final name. */
  commit(): Promise<void>
  /** Closes and removes the temporary file (on failure or interruption). Never rejects. */
  discard(): Promise<void>
}

/** The temporary name of `path`: hidden, in the same directory (so the rename is atomic), unique. */
export function tempPathFor(path: string): string {
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`
  return join(dirname(path), `.${basename(path)}.jss-stream-${suffix}.tmp`)
}

/** Opens the temporary file of `path` (created exclusively); fails with an OutputFileError. */
export async function openFileOutput(path: string): Promise<FileOutput> {
  const tempPath = tempPathFor(path)
  let handle: FileHandle
  try {
    handle = await open(tempPath, 'wx')
  } catch (error) {
    throw outputError(path, error)
  }
  let stream: WriteStream | undefined
  return {
    handle,
    stream: () => {
      // The stream closes the handle when it ends (a handle with a stream open cannot be closed).
      stream ??= handle.createWriteStream()
      return stream
    },
    tempPath,
    commit: async () => {
      try {
        if (stream) {
          stream.end()
          await once(stream, 'close')
        } else await handle.close()
        await rename(tempPath, path)
      } catch (error) {
        await rm(tempPath, { force: true })
        throw outputError(path, error)
      }
    },
    discard: async () => {
      if (stream) {
        if (!stream.closed) {
          const closed = once(stream, 'close').catch(() => {})
          stream.destroy()
          await closed
        }
      } else await handle.close().catch(() => {})
      await rm(tempPath, { force: true }).catch(() => {})
    },
  }
}

/** The CLI's words for a failure to write `path`. */
function outputError(path: string, error: unknown): OutputFileError {
  const code = (error as { code?: unknown } | null)?.code
  const reason =
    code === 'ENOENT'
      ? 'no such directory'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a directory'
          : error instanceof Error
            ? error.message
            : String(error)
  return new OutputFileError(`cannot write ${path}: ${reason}`, { cause: error })
}
