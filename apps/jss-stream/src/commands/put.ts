import {
  DEFAULT_CONCURRENCY,
  type JssClient,
  type UploadEvent,
  type UploadStreamOptions,
  type UploadStreamResult,
  uploadStream,
} from '@jss/stream'
import type { CliIo, CommandRun } from '../cli-io.js'
import { openClient } from '../open-client.js'
import { openStdin, releaseStdin } from '../open-stdin.js'
import { ProgressReporter } from '../progress-reporter.js'
import { PutLeftBehind } from '../put-left-behind.js'
import type { PutOptions } from '../put-options.js'
import { type PutPlan, planPut } from '../put-plan.js'
import { reportUpload } from '../report-upload.js'
import { escapeControls } from '../terminal-text.js'
import { trackUploads } from '../track-uploads.js'

/** `put <bucket>/<key>`: standard input to an object through `uploadStream`. */
export async function put(command: CommandRun): Promise<void> {
  const plan = planPut(command)
  const reporter = createProgress(command.io, plan.options)
  const run = routeStderr(command, reporter)
  const { io } = run
  const leftBehind = new PutLeftBehind(run, plan)
  const client = openClient(run, {
    connections: plan.options.concurrency ?? DEFAULT_CONCURRENCY,
  })
  const started = io.now()
  leftBehind.noteJournal()
  reporter?.start()
  let result: UploadStreamResult
  try {
    result = await uploadStream(uploadOptions(run, plan, client, leftBehind, reporter))
  } catch (error) {
    reporter?.stop()
    throw leftBehind.explainFailure(error)
  } finally {
    io.leftBehind.clear()
    releaseStdin(io)
    await client.close()
  }
  reporter?.stop()
  reportUpload(io, plan, result, (io.now() - started) / 1000, reporter !== undefined)
}

/** The progress line, with `--progress` or when stderr is a terminal; undefined otherwise. */
function createProgress(io: CliIo, options: PutOptions): ProgressReporter | undefined {
  const live = io.stderr.isTTY === true
  if (!(options.progress ?? live)) return undefined
  return new ProgressReporter({
    output: io.stderr,
    live,
    now: io.now,
    totalBytes: options.sizeHint,
    columns: () => (io.stderr as { columns?: number }).columns,
  })
}

/**
 * The run with its stderr going through the progress line while it is shown: each line (`--verbose`,
 * a notice) is written with the progress line erased before it and redrawn after.
 */
function routeStderr(run: CommandRun, reporter: ProgressReporter | undefined): CommandRun {
  if (reporter === undefined) return run
  return { ...run, io: { ...run.io, stderr: reporter.stderr() } }
}

/** The options of `uploadStream`: the plan, standard input, and the hooks that track the upload. */
function uploadOptions(
  run: CommandRun,
  plan: PutPlan,
  client: JssClient,
  leftBehind: PutLeftBehind,
  reporter: ProgressReporter | undefined,
): UploadStreamOptions {
  const { io } = run
  // The schedule replaces partSize: it holds the initial part size (see put-plan.ts).
  const { json: _json, progress: _progress, partSize: _partSize, ...settings } = plan.options
  return {
    ...settings,
    schedule: plan.schedule,
    client: trackUploads(client, (id) => leftBehind.noteUpload(id)),
    ...plan.target,
    body: openStdin(io),
    metadata: plan.metadata,
    signal: io.signal,
    onProgress: (p) =>
      reporter?.update({
        bytes: p.bytesRead,
        bytesStored: p.bytesAcknowledged,
        partsInFlight: p.partsInFlight,
        partsDone: p.partsDone,
      }),
    onEvent: (event) => noteUploadEvent(io, plan, leftBehind, event),
  }
}

/** Tells about a resumed or vanished journaled upload (not with `-q`); notes a failed abort. */
function noteUploadEvent(
  io: CliIo,
  plan: PutPlan,
  leftBehind: PutLeftBehind,
  event: UploadEvent,
): void {
  if (event.type === 'resumed') {
    leftBehind.noteUpload(event.uploadId)
    if (plan.quiet) return
    io.stderr.write(
      `jss-stream: resuming upload ${escapeControls(event.uploadId)}: ${event.journaledParts} parts already stored\n`,
    )
  } else if (event.type === 'upload-gone' && !plan.quiet) {
    io.stderr.write(
      `jss-stream: the journaled upload ${escapeControls(event.uploadId)} is gone; starting a new upload\n`,
    )
  } else if (event.type === 'abort-failed') {
    leftBehind.noteAbortFailed()
  }
}
