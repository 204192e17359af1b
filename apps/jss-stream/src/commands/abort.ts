import type { CommandRun } from '../cli-io.js'
import { UsageError } from '../errors.js'
import { openClient } from '../open-client.js'
import { parseObjectTarget, parsePrefixTarget } from '../target.js'

/**
 * `abort <bucket>/<key> <uploadId>`: aborts one upload. `abort --all <bucket>[/prefix]`: aborts
 * every open upload under the prefix and reports how many on stderr.
 */
export async function abort(run: CommandRun): Promise<void> {
  const { io, positionals } = run
  if (run.values.all === true) {
    if (positionals.length !== 1) {
      throw new UsageError('abort --all takes one argument: <bucket>[/prefix]')
    }
    const { bucket, key: prefix } = parsePrefixTarget(positionals[0] ?? '')
    run.context.bucket = bucket
    const client = openClient(run)
    try {
      const found = []
      const list = client.paginateMultipartUploads(
        { bucket, ...(prefix === '' ? {} : { prefix }) },
        { signal: io.signal },
      )
      for await (const upload of list) found.push(upload)
      for (const upload of found) {
        run.context.key = upload.key
        await client.abortMultipartUpload(
          { bucket, key: upload.key, uploadId: upload.uploadId },
          { signal: io.signal },
        )
      }
      io.stderr.write(
        `jss-stream: aborted ${found.length} upload${found.length === 1 ? '' : 's'}\n`,
      )
    } finally {
      await client.close()
    }
    return
  }
  if (positionals.length !== 2) {
    throw new UsageError('abort needs <bucket>/<key> and <uploadId>, or --all <bucket>[/prefix]')
  }
  const target = parseObjectTarget(positionals[0] ?? '')
  const uploadId = positionals[1] ?? ''
  if (uploadId === '') throw new UsageError('empty upload id')
  Object.assign(run.context, target)
  const client = openClient(run)
  try {
    await client.abortMultipartUpload({ ...target, uploadId }, { signal: io.signal })
  } finally {
    await client.close()
  }
}
