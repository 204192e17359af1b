import type { UploadStreamResult } from '@jss/stream'
import type { CliIo } from './cli-io.js'
import type { PutPlan } from './put-plan.js'
import { formatBytes } from './size.js'
import { escapeControls, jsonLine } from './terminal-text.js'

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

/**
 * Reports a finished upload: the `--json` line on stdout; the summary line on stderr with
 * `--verbose` or when progress was shown.
 */
export function reportUpload(
  io: CliIo,
  plan: PutPlan,
  result: UploadStreamResult,
  seconds: number,
  progressShown: boolean,
): void {
  if (plan.options.json) io.stdout.write(jsonLine(putSummary(result, seconds)))
  if (!progressShown && !plan.verbose) return
  const parts = result.parts.length === 0 ? 'one PUT' : `${result.parts.length} parts`
  io.stderr.write(
    `jss-stream: uploaded ${plan.objectName}: ${formatBytes(result.size)} in ${parts}, ${seconds.toFixed(1)} s, ETag ${escapeControls(result.etag)}\n`,
  )
}
