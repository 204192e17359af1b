import type { CommandRun } from '../cli-io.js'
import { openClient } from '../open-client.js'
import { parseBucketTarget } from '../target.js'

/** `mb <bucket>`: creates a bucket. */
export async function mb(run: CommandRun): Promise<void> {
  const bucket = parseBucketTarget(run.positionals[0] ?? '')
  run.context.bucket = bucket
  const client = openClient(run)
  try {
    await client.createBucket({ bucket }, { signal: run.io.signal })
  } finally {
    await client.close()
  }
}
