import type { CommandRun } from '../cli-io.js'
import { openClient } from '../open-client.js'
import { parsePrefixTarget } from '../target.js'
import { writeOut } from '../write-out.js'

/** `uploads <bucket>[/prefix]`: one line per open multipart upload: initiated, upload id, key. */
export async function uploads(run: CommandRun): Promise<void> {
  const { bucket, key: prefix } = parsePrefixTarget(run.positionals[0] ?? '')
  run.context.bucket = bucket
  const client = openClient(run)
  try {
    const list = client.paginateMultipartUploads(
      { bucket, ...(prefix === '' ? {} : { prefix }) },
      { signal: run.io.signal },
    )
    for await (const upload of list) {
      const date = upload.initiated?.toISOString().replace(/\.\d{3}Z$/, 'Z') ?? '-'
      await writeOut(run.io.stdout, `${date}  ${upload.uploadId}  ${upload.key}\n`)
    }
  } finally {
    await client.close()
  }
}
