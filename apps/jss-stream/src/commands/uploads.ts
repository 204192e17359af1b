import type { UploadSummary } from '@jss/protocol'
import type { CommandRun } from '../cli-io.js'
import { openClient } from '../open-client.js'
import { parsePrefixTarget } from '../target.js'
import { escapeControls, jsonLine } from '../terminal-text.js'
import { writeOut } from '../write-out.js'

/**
 * `uploads <bucket>[/prefix]`: one line per open multipart upload: initiated, upload id, key; with
 * `--json`, one JSON object per line.
 */
export async function uploads(run: CommandRun): Promise<void> {
  const { bucket, key: prefix } = parsePrefixTarget(run.positionals[0] ?? '')
  run.context.bucket = bucket
  const format = run.values.json === true ? uploadJson : uploadLine(run.io.stdout.isTTY === true)
  const client = openClient(run)
  try {
    const list = client.paginateMultipartUploads(
      { bucket, ...(prefix === '' ? {} : { prefix }) },
      { signal: run.io.signal },
    )
    for await (const upload of list) await writeOut(run.io.stdout, format(upload))
  } finally {
    await client.close()
  }
}

/** The JSON line of an upload: key, upload id, initiated (ISO 8601 or null). */
function uploadJson(upload: UploadSummary): string {
  return jsonLine({
    key: upload.key,
    uploadId: upload.uploadId,
    initiated: upload.initiated?.toISOString() ?? null,
  })
}

/** The line of an upload for people; a terminal gets control characters escaped, a pipe the names raw. */
function uploadLine(terminal: boolean): (upload: UploadSummary) => string {
  const shown = terminal ? escapeControls : (text: string) => text
  return (upload) => {
    const date = upload.initiated?.toISOString().replace(/\.\d{3}Z$/, 'Z') ?? '-'
    return `${date}  ${shown(upload.uploadId)}  ${shown(upload.key)}\n`
  }
}
