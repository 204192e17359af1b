import type { CommandRun } from '../cli-io.js'
import { openClient } from '../open-client.js'
import { parseObjectTarget } from '../target.js'

/** `rm <bucket>/<key>`: deletes an object. */
export async function rm(run: CommandRun): Promise<void> {
  const target = parseObjectTarget(run.positionals[0] ?? '')
  Object.assign(run.context, target)
  const client = openClient(run)
  try {
    await client.deleteObject(target, { signal: run.io.signal })
  } finally {
    await client.close()
  }
}
