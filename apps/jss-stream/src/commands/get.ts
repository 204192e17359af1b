import type { CommandRun } from '../cli-io.js'
import { download } from '../download.js'
import { openClient } from '../open-client.js'
import { parseRange } from '../range.js'
import { quoteArg } from '../shell-quote.js'
import { parseObjectTarget } from '../target.js'
import { escapeControls } from '../terminal-text.js'

/** `get <bucket>/<key> [--range A-B]`: the object to stdout. */
export async function get(run: CommandRun): Promise<void> {
  const { io, values } = run
  const target = parseObjectTarget(run.positionals[0] ?? '')
  const range = typeof values.range === 'string' ? parseRange(values.range) : undefined
  Object.assign(run.context, target)
  const verbose = values.verbose === true
  const client = openClient(run)
  try {
    const result = await download({
      client,
      target,
      range,
      out: io.stdout,
      signal: io.signal,
      onResume: (offset, error) => {
        const reason = error instanceof Error ? error.message : String(error)
        io.stderr.write(
          `jss-stream: download interrupted (${escapeControls(reason)}); resuming at byte ${offset}\n`,
        )
      },
    })
    const verified =
      result.verdict === 'md5' || result.verdict === 'one-part'
        ? 'MD5 verified'
        : 'MD5 not verifiable, size verified'
    if (result.ignoredSchedule !== undefined) {
      const { text, problem } = result.ignoredSchedule
      io.stderr.write(
        `jss-stream: ignored the part schedule recorded with ${escapeControls(quoteArg(`${target.bucket}/${target.key}`))} ("${escapeControls(text)}"): ${problem}; ${verified}\n`,
      )
    }
    if (verbose) {
      const check =
        result.verdict === undefined
          ? 'a range: not verified'
          : result.verdict === 'multipart'
            ? `multipart ETag without a ${result.ignoredSchedule === undefined ? '' : 'valid '}recorded part schedule: MD5 not verifiable, size verified`
            : result.verdict === 'parts'
              ? 'multipart ETag verified along the recorded part schedule'
              : 'MD5 verified'
      io.stderr.write(
        `jss-stream: ${result.bytes} bytes, ETag ${escapeControls(result.etag)}, ${check}\n`,
      )
    }
  } finally {
    await client.close()
  }
}
