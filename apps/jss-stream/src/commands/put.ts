import { existsSync } from 'node:fs'
import {
  DEFAULT_CONCURRENCY,
  JournalInvalidError,
  JournalMismatchError,
  type UploadStreamResult,
  uploadStream,
} from '@jss/stream'
import type { CommandRun } from '../cli-io.js'
import { InterruptedError, TerminalStdinError } from '../errors.js'
import { openClient } from '../open-client.js'
import { ProgressReporter } from '../progress-reporter.js'
import { parsePutOptions } from '../put-options.js'
import { readFileDescriptor } from '../read-file-descriptor.js'
import { readPipe } from '../read-pipe.js'
import { formatScheduleMetadata, planSchedule, scheduleMetadataName } from '../schedule-metadata.js'
import { quoteArg, repeatCommand, shellCommand } from '../shell-quote.js'
import { formatBytes } from '../size.js'
import { parseObjectTarget } from '../target.js'
import { escapeControls, jsonLine } from '../terminal-text.js'
import { trackUploads } from '../track-uploads.js'

/** The single JSON line `put --json` prints. */
export function putSummary(result: UploadStreamResult, seconds: number): Record<string, unknown> {
  return {
    bucket: result.bucket,
    key: result.key,
    etag: result.etag,
    size: result.size,
    parts: Math.max(1, result.parts.length),
    seconds: Math.round(seconds * 1000) / 1000,
    ...(result.sha256 === undefined ? {} : { sha256: result.sha256 }),
  }
}

/** `put <bucket>/<key>`: standard input to an object through `uploadStream`. */
export async function put(run: CommandRun): Promise<void> {
  const { io, values } = run
  const target = parseObjectTarget(run.positionals[0] ?? '')
  Object.assign(run.context, target)
  const options = parsePutOptions(values)
  if (io.stdinIsTerminal ?? io.stdin.isTTY === true) throw new TerminalStdinError()
  // Recorded with the object so that `get` can verify a multipart ETag (see verify-etag.ts).
  const metadata = {
    ...options.metadata,
    [scheduleMetadataName]: formatScheduleMetadata(
      planSchedule(options.partSize, options.sizeHint),
    ),
  }
  const verbose = values.verbose === true
  const object = `${target.bucket}/${target.key}`
  // Shown in prose, escaped; every command is shell-quoted and holds no control character.
  const objectName = escapeControls(quoteArg(object))
  const journalName =
    options.journal === undefined ? undefined : escapeControls(quoteArg(options.journal))
  let uploadId: string | undefined
  let abortFailed = false
  const leave = (id: string): string => {
    const abortHint = `remove it with: ${shellCommand(['jss-stream', 'abort', object, id])}`
    return options.journal === undefined
      ? `open multipart upload ${escapeControls(id)} of ${objectName}; ${abortHint}`
      : `open multipart upload ${escapeControls(id)} of ${objectName} and journal ${journalName}; resume by piping the same data into: ${repeatCommand(io.argv)}`
  }
  const client = openClient(run, { connections: options.concurrency ?? DEFAULT_CONCURRENCY })
  // Asked on a late signal whether the upload is still open: its own connection, since the
  // upload's may all be stalled.
  const stillOpen = async (id: string, signal: AbortSignal): Promise<boolean> => {
    const checker = openClient(run, { connections: 1 })
    try {
      await checker.listParts({ ...target, uploadId: id, maxParts: 1 }, { signal })
      return true
    } catch (error) {
      if ((error as { code?: unknown }).code === 'NoSuchUpload') return false
      throw error
    } finally {
      void checker.close().catch(() => {})
    }
  }
  const noteUpload = (id: string): void => {
    uploadId = id
    io.leftBehind.delete('journal')
    io.leftBehind.set('upload', { text: leave(id), check: (signal) => stillOpen(id, signal) })
  }
  const started = io.now()
  const live = io.stderr.isTTY === true
  const reporter =
    (options.progress ?? live)
      ? new ProgressReporter({ output: io.stderr, live, now: io.now, totalBytes: options.sizeHint })
      : undefined
  if (options.journal !== undefined) {
    const journal = options.journal
    io.leftBehind.set('journal', {
      text: `journal ${journalName}`,
      check: async () => existsSync(journal),
    })
  }
  reporter?.start()
  let result: UploadStreamResult
  try {
    const { json: _json, progress: _progress, ...settings } = options
    result = await uploadStream({
      ...settings,
      client: trackUploads(client, noteUpload),
      ...target,
      body:
        io.stdinKind === 'file'
          ? readFileDescriptor(0)
          : io.stdinKind === 'pipe'
            ? readPipe(0)
            : io.stdin,
      metadata,
      signal: io.signal,
      onProgress: (p) =>
        reporter?.update({
          bytes: p.bytesRead,
          partsInFlight: p.partsInFlight,
          partsDone: p.partsDone,
        }),
      onEvent: (event) => {
        if (event.type === 'resumed') {
          noteUpload(event.uploadId)
          io.stderr.write(
            `jss-stream: resuming upload ${escapeControls(event.uploadId)}: ${event.journaledParts} parts already stored\n`,
          )
        } else if (event.type === 'upload-gone') {
          io.stderr.write(
            `jss-stream: the journaled upload ${escapeControls(event.uploadId)} is gone; starting a new upload\n`,
          )
        } else if (event.type === 'abort-failed') {
          abortFailed = true
        }
      },
    })
  } catch (error) {
    reporter?.stop()
    const kept = options.journal !== undefined || options.leavePartsOnError || abortFailed
    // A journal that is broken or for another upload fails the same way every time it is rerun.
    const unusable =
      error instanceof JournalInvalidError ||
      (error instanceof JournalMismatchError && error.mismatch !== 'input')
    const leftover =
      uploadId === undefined
        ? options.journal === undefined || !existsSync(options.journal)
          ? 'nothing left behind'
          : unusable
            ? `journal ${journalName} kept, unchanged; it cannot resume this upload: use another --resume file, or remove this one`
            : `journal ${journalName} kept; resume by piping the same data into: ${repeatCommand(io.argv)}`
        : kept
          ? `left behind: ${leave(uploadId)}`
          : `upload ${escapeControls(uploadId)} aborted, nothing left behind`
    const reason: unknown = io.signal.aborted ? io.signal.reason : undefined
    if (reason instanceof InterruptedError) {
      throw new InterruptedError(reason.signalName, leftover)
    }
    if (kept && leftover !== 'nothing left behind') {
      io.stderr.write(`jss-stream: ${leftover}\n`)
    }
    throw error
  } finally {
    io.leftBehind.clear()
    if ((io.stdinKind ?? 'stream') === 'stream' && !io.stdin.readableEnded) io.stdin.destroy()
    await client.close()
  }
  reporter?.stop()
  const seconds = (io.now() - started) / 1000
  if (options.json) {
    io.stdout.write(jsonLine(putSummary(result, seconds)))
  }
  if (reporter !== undefined || verbose) {
    const parts = result.parts.length === 0 ? 'one PUT' : `${result.parts.length} parts`
    io.stderr.write(
      `jss-stream: uploaded ${objectName}: ${formatBytes(result.size)} in ${parts}, ${seconds.toFixed(1)} s, ETag ${escapeControls(result.etag)}\n`,
    )
  }
}
