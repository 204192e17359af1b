import { createHash, type Hash } from 'node:crypto'
import type { JssClient } from '@jss/protocol'
import type { CliIo, CommandRun } from '../cli-io.js'
import { type DownloadResult, download } from '../download.js'
import { IntegrityError, TerminalStdoutError } from '../errors.js'
import { type FileOutput, openFileOutput } from '../file-output.js'
import { type GetPlan, planGet } from '../get-plan.js'
import { openClient } from '../open-client.js'
import { ProgressReporter } from '../progress-reporter.js'
import { type ByteRange, isSuffixRange, resolveSuffixRange } from '../range.js'
import { reportDownload } from '../report-download.js'
import { escapeControls } from '../terminal-text.js'

/** The `leftBehind` entry of the temporary file of `get -o FILE`. */
const tempFileEntry = 'get-temp-file'

/**
 * `get <bucket>/<key>`: the object to stdout, or with `-o FILE` to a temporary file beside FILE that
 * is renamed to it on success and removed on failure or interruption.
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
    const range = await resolveRange(client, plan, io.signal)
    output = plan.output === undefined ? undefined : await openFileOutput(plan.output)
    noteTempFile(io, output)
    const started = io.now()
    const { result, sha256 } = await fetchBody(run, plan, client, range?.range, output, reporter)
    checkUnchanged(range?.etag, result)
    reporter?.stop()
    await output?.commit()
    reportDownload(io, plan, result, sha256, (io.now() - started) / 1000)
  } catch (error) {
    reporter?.stop()
    await output?.discard()
    throw error
  } finally {
    io.leftBehind.delete(tempFileEntry)
    await client.close()
  }
}

/** Downloads the body to the output, hashing it with `--sha256` and counting it for the progress line. */
async function fetchBody(
  run: CommandRun,
  plan: GetPlan,
  client: JssClient,
  range: ByteRange | undefined,
  output: FileOutput | undefined,
  reporter: ProgressReporter | undefined,
): Promise<{ result: DownloadResult; sha256: string | undefined }> {
  const { io } = run
  const hash = plan.sha256 ? createHash('sha256') : undefined
  reporter?.start()
  const result = await download({
    client,
    target: plan.target,
    range,
    out: output?.stream ?? io.stdout,
    signal: io.signal,
    onResume: (offset, error) => noteResume(io, plan, offset, error),
    onHeaders: (bytes) => reporter?.setTotal(bytes),
    onChunk: (chunk) => countChunk(chunk, hash, reporter),
  })
  return { result, sha256: hash?.digest('hex') }
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

/**
 * The byte range to ask for. A suffix range (`-N`) needs the object's size first: it is resolved
 * with a HEAD (the protocol's getObject takes only `start-end` ranges), and its ETag is kept to
 * check that the object did not change in between. Undefined for the whole object.
 */
async function resolveRange(
  client: Pick<JssClient, 'headObject'>,
  plan: GetPlan,
  signal: AbortSignal,
): Promise<{ range: ByteRange | undefined; etag?: string } | undefined> {
  if (plan.range === undefined) return undefined
  if (!isSuffixRange(plan.range)) return { range: plan.range }
  const head = await client.headObject(plan.target, { signal })
  return { range: resolveSuffixRange(plan.range, head.contentLength), etag: head.etag }
}

/** Fails when the object read is not the one whose size a suffix range was resolved against. */
function checkUnchanged(etag: string | undefined, result: DownloadResult): void {
  if (etag !== undefined && etag !== result.etag) {
    throw new IntegrityError(
      `the object changed during the download (ETag ${etag}, now ${result.etag}); download again`,
    )
  }
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
