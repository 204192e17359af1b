import type { CommandRun } from '../cli-io.js'
import { openClient } from '../open-client.js'
import { parsePrefixTarget } from '../target.js'
import { escapeControls } from '../terminal-text.js'
import { writeOut } from '../write-out.js'

/** `ls <bucket>[/prefix]`: one line per object: last modified (ISO 8601), size, key. */
export async function ls(run: CommandRun): Promise<void> {
  const { bucket, key: prefix } = parsePrefixTarget(run.positionals[0] ?? '')
  run.context.bucket = bucket
  // A terminal gets control characters escaped; a pipe gets the names raw, as they are.
  const shown = run.io.stdout.isTTY === true ? escapeControls : (text: string) => text
  const client = openClient(run)
  try {
    const objects = client.paginateObjects(
      { bucket, ...(prefix === '' ? {} : { prefix }) },
      { signal: run.io.signal },
    )
    for await (const object of objects) {
      const date = object.lastModified?.toISOString().replace(/\.\d{3}Z$/, 'Z') ?? '-'
      await writeOut(
        run.io.stdout,
        `${date}  ${String(object.size).padStart(12)}  ${shown(object.key)}\n`,
      )
    }
  } finally {
    await client.close()
  }
}
