import type { CommandRun } from '../cli-io.js'
import { openClient } from '../open-client.js'
import { parsePrefixTarget } from '../target.js'
import { escapeControls } from '../terminal-text.js'
import { writeOut } from '../write-out.js'

/** `uploads <bucket>[/prefix]`: one line per open multipart upload: initiated, upload id, key. */
export async function uploads(run: CommandRun): Promise<void> {
  const { bucket, key: prefix } = parsePrefixTarget(run.positionals[0] ?? '')
  run.context.bucket = bucket
  // A terminal gets control characters escaped; a pipe gets the names raw, as they are.
  const shown = run.io.stdout.isTTY === true ? escapeControls : (text: string) => text
  const client = openClient(run)
  try {
    const list = client.paginateMultipartUploads(
      { bucket, ...(prefix === '' ? {} : { prefix }) },
      { signal: run.io.signal },
    )
    for await (const upload of list) {
      const date = upload.initiated?.toISOString().replace(/\.\d{3}Z$/, 'Z') ?? '-'
      await writeOut(run.io.stdout, `${date}  ${shown(upload.uploadId)}  ${shown(upload.key)}\n`)
    }
  } finally {
    await client.close()
  }
}
