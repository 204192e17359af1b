import type { DownloadResult } from '@jss/stream'
import type { CliIo } from './cli-io.js'
import type { GetPlan } from './get-plan.js'
import { quoteArg } from './shell-quote.js'
import { escapeControls, jsonLine } from './terminal-text.js'

/** A part schedule recorded with the object that `get` did not use, and why. */
export interface IgnoredSchedule {
  text: string
  problem: string
}

/** What a finished `get` reports: the download's result, and the schedule it did not trust. */
export type GetOutcome = DownloadResult & { readonly ignoredSchedule: IgnoredSchedule | undefined }

/** How a download was checked, in words for `--verbose`. */
function checkText(result: GetOutcome): string {
  switch (result.verification) {
    case 'range':
      return 'a range: not verified'
    case 'skipped':
      return 'not verified (--no-verify), size verified'
    case 'unverifiable':
      return `multipart ETag without a ${result.ignoredSchedule === undefined ? '' : 'valid '}recorded part schedule: MD5 not verifiable, size verified`
    case 'parts':
      return 'multipart ETag verified along the recorded part schedule'
    default:
      return 'MD5 verified'
  }
}

/**
 * How a download was checked, for `--json`: `md5`, `parts` (multipart ETag), `size` (not
 * verifiable, or `--no-verify`) or `none` (a range).
 */
function verifiedName(result: GetOutcome): string {
  switch (result.verification) {
    case 'range':
      return 'none'
    case 'skipped':
    case 'unverifiable':
      return 'size'
    case 'parts':
      return 'parts'
    default:
      return 'md5'
  }
}

/** The single JSON line `get --json` prints. */
export function getSummary(
  plan: GetPlan,
  result: GetOutcome,
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
  result: GetOutcome,
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
function warnIgnoredSchedule(io: CliIo, name: string, result: GetOutcome): void {
  if (result.ignoredSchedule === undefined) return
  const { text, problem } = result.ignoredSchedule
  const verified = result.verified ? 'MD5 verified' : 'MD5 not verifiable, size verified'
  io.stderr.write(
    `jss-stream: ignored the part schedule recorded with ${escapeControls(quoteArg(name))} ("${escapeControls(text)}"): ${problem}; ${verified}\n`,
  )
}
