import type { JssClient, UploadSummary } from '@jss/protocol'
import type { CommandRun } from '../cli-io.js'
import { parseDuration } from '../duration.js'
import { UsageError } from '../errors.js'
import { openClient } from '../open-client.js'
import { parseObjectTarget, parsePrefixTarget } from '../target.js'

/**
 * `abort <bucket>/<key> <uploadId>`: aborts one upload. `abort --all [--older-than D]
 * <bucket>[/prefix]`: aborts every open upload under the prefix (initiated more than D ago) and
 * reports how many on stderr.
 */
export async function abort(run: CommandRun): Promise<void> {
  if (run.values.all === true) return abortAll(run)
  const { io, positionals } = run
  if (typeof run.values['older-than'] === 'string') {
    throw new UsageError('--older-than goes with --all: abort --all --older-than 24h <bucket>')
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

/** `abort --all [--older-than D] <bucket>[/prefix]`. */
async function abortAll(run: CommandRun): Promise<void> {
  const { io, positionals } = run
  if (positionals.length !== 1) {
    throw new UsageError('abort --all takes one argument: <bucket>[/prefix]')
  }
  const olderThan = run.values['older-than']
  const age =
    typeof olderThan === 'string' ? parseDuration(olderThan, '--older-than') * 1000 : undefined
  const { bucket, key: prefix } = parsePrefixTarget(positionals[0] ?? '')
  run.context.bucket = bucket
  const client = openClient(run)
  try {
    const found = await listUploads(run, client, bucket, prefix)
    // The listing's times are the server's: so is the cutoff (a local clock off by minutes must not
    // make an upload in progress look old enough to abort).
    const cutoff = age === undefined ? undefined : io.now() + client.serverOffset - age
    const chosen = found.filter((upload) => isOlder(upload, cutoff))
    for (const upload of chosen) {
      run.context.key = upload.key
      await client.abortMultipartUpload(
        { bucket, key: upload.key, uploadId: upload.uploadId },
        { signal: io.signal },
      )
    }
    if (run.values.quiet !== true) {
      const kept = found.length - chosen.length
      io.stderr.write(
        `jss-stream: aborted ${chosen.length} upload${chosen.length === 1 ? '' : 's'}${kept > 0 ? `; kept ${kept} newer than --older-than` : ''}\n`,
      )
    }
  } finally {
    await client.close()
  }
}

/** Every open upload of the bucket under the prefix. */
async function listUploads(
  run: CommandRun,
  client: JssClient,
  bucket: string,
  prefix: string,
): Promise<UploadSummary[]> {
  const found: UploadSummary[] = []
  const list = client.paginateMultipartUploads(
    { bucket, ...(prefix === '' ? {} : { prefix }) },
    { signal: run.io.signal },
  )
  for await (const upload of list) found.push(upload)
  return found
}

/**
 * Whether an upload was initiated before `cutoff` (ms since the epoch); every upload is when there
 * is no cutoff. One whose initiation time the listing does not give is kept (never aborted).
 */
function isOlder(upload: UploadSummary, cutoff: number | undefined): boolean {
  if (cutoff === undefined) return true
  const initiated = upload.initiated?.getTime()
  return initiated !== undefined && initiated < cutoff
}
