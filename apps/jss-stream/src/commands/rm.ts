import type { JssClient } from '@jss/protocol'
import type { CommandRun } from '../cli-io.js'
import { describeError } from '../describe-error.js'
import { PartialFailureError } from '../errors.js'
import { openClient } from '../open-client.js'
import { parseObjectTarget, type Target } from '../target.js'
import { escapeControls } from '../terminal-text.js'

/**
 * `rm <bucket>/<key>...`: deletes each object. A failure (a missing key without `--force`) is
 * reported with its name and the other objects are still deleted; then the command fails (exit 1).
 */
export async function rm(run: CommandRun): Promise<void> {
  const targets = run.positionals.map((arg) => parseObjectTarget(arg))
  const first = targets[0]
  if (targets.length === 1 && first !== undefined) Object.assign(run.context, first)
  const client = openClient(run)
  let failed = 0
  try {
    for (const target of targets) {
      if (!(await removeOne(run, client, target))) failed += 1
    }
  } finally {
    await client.close()
  }
  if (failed > 0) {
    throw new PartialFailureError(
      `${failed} of ${targets.length} objects not deleted (each error above)`,
    )
  }
}

/**
 * Deletes one object; whether it did. A single object's failure is thrown as it is; one of several
 * is reported on stderr. A missing key counts as deleted with `--force`.
 */
async function removeOne(run: CommandRun, client: JssClient, target: Target): Promise<boolean> {
  try {
    await client.deleteObject(target, { signal: run.io.signal })
    return true
  } catch (error) {
    if (isNoSuchKey(error) && run.values.force === true) return true
    if (run.positionals.length === 1 || run.io.signal.aborted) throw error
    const context = { ...run.context, ...target }
    run.io.stderr.write(`jss-stream: ${escapeControls(describeError(error, context))}\n`)
    return false
  }
}

/** Whether the service answered that the key does not exist. */
function isNoSuchKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'NoSuchKey'
}
