import { createHash, type Hash } from 'node:crypto'
import type { Writable } from 'node:stream'
import { DEFAULTS, type JssClient, type ObjectInfo } from '@jss/protocol'
import {
  DownloadIntegrityError,
  type DownloadResult,
  type DownloadStreamOptions,
  downloadFile,
  downloadTo,
  type PartSchedule,
  RangeIncompleteError,
  RangeNotSatisfiableError,
} from '@jss/stream'
import type { CliIo, CommandRun } from '../cli-io.js'
import { BodyTooSlowError, IntegrityError, TerminalStdoutError, UsageError } from '../errors.js'
import { type FileOutput, openFileOutput } from '../file-output.js'
import { type GetPlan, planGet } from '../get-plan.js'
import { openClient } from '../open-client.js'
import { outputWriter, WriteFailure } from '../output-writer.js'
import { ProgressReporter } from '../progress-reporter.js'
import { type GetOutcome, type IgnoredSchedule, reportDownload } from '../report-download.js'
import { checkRecordedSchedule } from '../schedule-check.js'
import { scheduleMetadataName } from '../schedule-metadata.js'
import { escapeControls } from '../terminal-text.js'

/** The `leftBehind` entry of the temporary file of `get -o FILE`. */
const tempFileEntry = 'get-temp-file'

/**
 * `get <bucket>/<key>`: the object to stdout, or with `-o FILE` to a temporary file beside FILE that
 * is renamed to it on success and removed on failure or interruption. The bytes come from
 * parallel ranged GETs along the part schedule `put` recorded, verified: `downloadTo` in order (to
 * stdout, or with `--sha256`), `downloadFile` at their offsets (`-o FILE`).
 */
export async function get(run: CommandRun): Promise<void> {
  const { io } = run
  const plan = planGet(run)
  Object.assign(run.context, plan.target)
  refuseTerminal(io, plan)
  const client = openClient(run)
  let output: FileOutput | undefined
  const reporter = createProgress(io, plan)
  try {
    output = plan.output === undefined ? undefined : await openFileOutput(plan.output)
    noteTempFile(io, output)
    const started = io.now()
    const { outcome, sha256 } = await fetchBody(run, plan, client, output, reporter)
    reporter?.stop()
    await output?.commit()
    reportDownload(io, plan, outcome, sha256, (io.now() - started) / 1000)
  } catch (error) {
    reporter?.stop()
    await output?.discard()
    throw error
  } finally {
    io.leftBehind.delete(tempFileEntry)
    await client.close()
  }
}

/** What a download counted on its way, for the words of a failure. */
interface Tally {
  /** The bytes the download passes on in all (from HEAD: the object's or the range's). */
  total: number
  /** Bytes written to the output. */
  written: number
  /** Reads that stopped because the body came slower than the protocol's floor. */
  stalls: number
  ignoredSchedule: IgnoredSchedule | undefined
  /** The bytes were hashed along the part schedule recorded with the object. */
  scheduled: boolean
}

/** Downloads the body to the output, hashing it with `--sha256` and counting it for the progress line. */
async function fetchBody(
  run: CommandRun,
  plan: GetPlan,
  client: JssClient,
  output: FileOutput | undefined,
  reporter: ProgressReporter | undefined,
): Promise<{ outcome: GetOutcome; sha256: string | undefined }> {
  const { io } = run
  const hash = plan.sha256 ? createHash('sha256') : undefined
  const tally: Tally = {
    total: 0,
    written: 0,
    stalls: 0,
    ignoredSchedule: undefined,
    scheduled: false,
  }
  const options = downloadOptions(io, plan, client, tally, reporter)
  reporter?.start()
  try {
    const result =
      hash || !output
        ? await writeInOrder(options, output?.stream() ?? io.stdout, (chunk) => {
            tally.written += chunk.length
            countChunk(chunk, hash, reporter)
          })
        : await downloadFile({
            ...options,
            file: output.handle,
            onProgress: countWritten(tally, reporter),
          })
    const outcome = { ...result, ignoredSchedule: tally.ignoredSchedule }
    return { outcome, sha256: hash?.digest('hex') }
  } catch (error) {
    throw explainFailure(plan, tally, error)
  }
}

/**
 * The progress of a download written at offsets (`-o FILE` without `--sha256`): the bytes written
 * in order so far, as each range is passed.
 */
function countWritten(
  tally: Tally,
  reporter: ProgressReporter | undefined,
): NonNullable<DownloadStreamOptions['onProgress']> {
  return ({ bytes, size }) => {
    if (bytes === 0) {
      tally.total = size
      reporter?.setTotal(size)
      return
    }
    reporter?.addBytes(bytes - tally.written)
    tally.written = bytes
  }
}

/** The download options of `plan`'s object: its schedule read from the metadata, its progress reported. */
function downloadOptions(
  io: CliIo,
  plan: GetPlan,
  client: JssClient,
  tally: Tally,
  reporter: ProgressReporter | undefined,
): DownloadStreamOptions {
  return {
    client,
    ...plan.target,
    range: plan.range,
    concurrency: plan.concurrency,
    verify: plan.verify,
    schedule: (object) => recordedSchedule(object, tally),
    signal: io.signal,
    onProgress: ({ bytes, size }) => {
      if (bytes > 0) return
      tally.total = size
      reporter?.setTotal(size)
    },
    onResume: (offset, error) => {
      if (isStalled(error)) tally.stalls += 1
      noteResume(io, plan, offset, error)
    },
  }
}

/**
 * The part schedule `put` recorded with the object when it is valid, fits the object and has
 * several parts (one part is verified by its MD5 alone); notes a schedule that is not trusted.
 */
function recordedSchedule(object: ObjectInfo, tally: Tally): PartSchedule | undefined {
  const text = object.metadata[scheduleMetadataName]
  const recorded = checkRecordedSchedule(text, object.contentLength, object.etag)
  if (recorded.kind === 'ignored') {
    tally.ignoredSchedule = { text: text ?? '', problem: recorded.problem }
  }
  tally.scheduled = recorded.kind === 'usable' && recorded.parts > 1
  return tally.scheduled && recorded.kind === 'usable' ? recorded.schedule : undefined
}

/**
 * Writes the download to `out` in order, a piece at a time (stdout, or a file with `--sha256`),
 * each piece counted by `onChunk` first; a failure of `out` is its own error.
 */
async function writeInOrder(
  options: DownloadStreamOptions,
  out: Writable,
  onChunk: (chunk: Uint8Array) => void,
): Promise<DownloadResult> {
  const write = outputWriter(out)
  try {
    return await downloadTo({
      ...options,
      write: (bytes) => {
        onChunk(bytes)
        return write(bytes)
      },
    })
  } catch (error) {
    if (error instanceof WriteFailure) throw error.error
    throw error
  }
}

/** A failure of the protocol's floor: the body came slower than `timeouts.minSpeed`. */
function isStalled(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'JSS_ERR_STALLED'
}

/** The CLI's words for a failed download; other errors pass unchanged. */
function explainFailure(plan: GetPlan, tally: Tally, error: unknown): unknown {
  const name = `${plan.target.bucket}/${plan.target.key}`
  if (error instanceof DownloadIntegrityError) {
    return error.reason === 'changed'
      ? new IntegrityError(
          `the object changed during the download (ETag ${error.expected}, now ${error.actual}); download again`,
          { cause: error },
        )
      : new IntegrityError(mismatchText(name, tally, error.expected), { cause: error })
  }
  if (error instanceof RangeNotSatisfiableError) {
    return new UsageError(
      `invalid --range: ${escapeControls(name)} has ${error.size} bytes, the range starts at byte ${error.start}`,
    )
  }
  if (error instanceof RangeIncompleteError) return explainIncomplete(name, tally, error)
  return error
}

/**
 * The words of an MD5 mismatch. Along a recorded schedule the whole body is not hashed (that would
 * cost the parallel hashing), so a single PUT that carries a schedule it was not cut with fails too.
 */
function mismatchText(name: string, tally: Tally, etag: string): string {
  const text = `MD5 mismatch: the data received does not match the ETag ${etag}`
  if (!tally.scheduled) return text
  return `${text} along the part schedule recorded with ${escapeControls(name)}; if the object was not uploaded with that schedule (its metadata ${scheduleMetadataName} is wrong), get it with --no-verify`
}

/** Why a range never came whole: too slowly (the floor), or cut short every time. */
function explainIncomplete(name: string, tally: Tally, error: RangeIncompleteError): Error {
  const received = tally.written + (error.reached - error.start)
  if (error.reached > error.end) {
    return new IntegrityError(
      `body too long: bytes ${error.start}-${error.end - 1} of ${escapeControls(name)} came with more bytes than asked for`,
      { cause: error },
    )
  }
  if (isStalled(error.cause)) {
    return new BodyTooSlowError(
      `the body of ${escapeControls(name)} came too slowly: under ${DEFAULTS.timeouts.minSpeed} bytes/s over a --timeout window, ${tally.stalls + 1} times; ${received} of ${tally.total} bytes received`,
      { cause: error },
    )
  }
  return new IntegrityError(
    `short body: received ${received} of ${tally.total} bytes after ${error.resumes} resumed requests; download again`,
    { cause: error },
  )
}

/** Refuses to pour an object onto a terminal unless asked to with `-o -`. */
function refuseTerminal(io: CliIo, plan: GetPlan): void {
  if (plan.output === undefined && !plan.stdoutAsked && io.stdout.isTTY === true) {
    throw new TerminalStdoutError()
  }
}

/** The progress line, with `--progress` or when stderr is a terminal (never with `-q`). */
function createProgress(io: CliIo, plan: GetPlan): ProgressReporter | undefined {
  const live = io.stderr.isTTY === true
  if (plan.quiet || !(plan.progress ?? live)) return undefined
  return new ProgressReporter({ output: io.stderr, live, now: io.now, parts: false })
}

/** Notes the temporary file as left behind, should the process be killed before it is removed. */
function noteTempFile(io: CliIo, output: FileOutput | undefined): void {
  if (output === undefined) return
  io.leftBehind.set(tempFileEntry, {
    text: `temporary file ${escapeControls(output.tempPath)}; remove it with: rm ${escapeControls(output.tempPath)}`,
  })
}

/** Feeds a chunk to the SHA-256 and the progress line. */
function countChunk(
  chunk: Uint8Array,
  hash: Hash | undefined,
  reporter: ProgressReporter | undefined,
): void {
  hash?.update(chunk)
  reporter?.addBytes(chunk.length)
}

/** Tells about a resumed download (not with `-q`). */
function noteResume(io: CliIo, plan: GetPlan, offset: number, error: unknown): void {
  if (plan.quiet) return
  const reason = error instanceof Error ? error.message : String(error)
  io.stderr.write(
    `jss-stream: download interrupted (${escapeControls(reason)}); resuming at byte ${offset}\n`,
  )
}
