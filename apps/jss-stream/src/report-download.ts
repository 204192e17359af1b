import type { CliIo } from './cli-io.js'
import type { DownloadResult } from './download.js'
import type { GetPlan } from './get-plan.js'
import { quoteArg } from './shell-quote.js'
import { escapeControls, jsonLine } from './terminal-text.js'

/** How a download was checked, in words for `--verbose`. */
function checkText(result: DownloadResult): string {
  if (result.verdict === undefined) return 'a range: not verified'
  if (result.verdict === 'multipart') {
    return `multipart ETag without a ${result.ignoredSchedule === undefined ? '' : 'valid '}recorded part schedule: MD5 not verifiable, size verified`
  }
  if (result.verdict === 'parts') return 'multipart ETag verified along the recorded part schedule'
  return 'MD5 verified'
}

/** How a download was checked, for `--json`: `md5`, `parts` (multipart ETag), `size` or `none` (a range). */
function verifiedName(result: DownloadResult): string {
  if (result.verdict === undefined) return 'none'
  if (result.verdict === 'multipart') return 'size'
  return result.verdict === 'parts' ? 'parts' : 'md5'
}

/** The single JSON line `get --json` prints. */
export function getSummary(
  plan: GetPlan,
  result: DownloadResult,
  sha256: string | undefined,
  seconds: number,
): Record<string, unknown> {
  return {
    bucket: plan.target.bucket,
    key: plan.target.key,
    etag: result.etag,
    size: result.bytes,
    seconds: Math.round(seconds * 1000) / 1000,
    verified: verifiedName(result),
    ...(plan.output === undefined ? {} : { file: plan.output }),
    ...(sha256 === undefined ? {} : { sha256 }),
  }
}

/**
 * Reports a finished download: the ignored part schedule (a warning), the `--json` line or the
 * SHA-256 (on stdout with `-o FILE`, on stderr when stdout holds the object), and the summary with
 * `--verbose`.
 */
export function reportDownload(
  io: CliIo,
  plan: GetPlan,
  result: DownloadResult,
  sha256: string | undefined,
  seconds: number,
): void {
  const name = `${plan.target.bucket}/${plan.target.key}`
  warnIgnoredSchedule(io, name, result)
  const summaryOut = plan.output === undefined ? io.stderr : io.stdout
  if (plan.json) summaryOut.write(jsonLine(getSummary(plan, result, sha256, seconds)))
  else if (sha256 !== undefined) summaryOut.write(`${sha256}  ${escapeControls(name)}\n`)
  if (plan.verbose) {
    io.stderr.write(
      `jss-stream: ${result.bytes} bytes, ETag ${escapeControls(result.etag)}, ${checkText(result)}\n`,
    )
  }
}

/** Warns that the part schedule recorded with the object was ignored, and why. */
function warnIgnoredSchedule(io: CliIo, name: string, result: DownloadResult): void {
  if (result.ignoredSchedule === undefined) return
  const { text, problem } = result.ignoredSchedule
  const verified =
    result.verdict === 'md5' || result.verdict === 'one-part'
      ? 'MD5 verified'
      : 'MD5 not verifiable, size verified'
  io.stderr.write(
    `jss-stream: ignored the part schedule recorded with ${escapeControls(quoteArg(name))} ("${escapeControls(text)}"): ${problem}; ${verified}\n`,
  )
}
