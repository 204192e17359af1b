import { isServiceError, type JssClient } from '@jss/protocol'
import type { CommandRun } from '../cli-io.js'
import { CliError } from '../errors.js'
import { openClient } from '../open-client.js'
import { validateBucket } from '../validate.js'

/** What keeps a bucket from being deleted, as far as a quick look tells. */
type Holding = 'objects' | 'uploads' | 'unknown'

/**
 * Looks for one object, then one open upload; `'unknown'` when neither shows or a look fails (an
 * interruption still ends the command as one).
 */
async function findHolding(
  client: JssClient,
  bucket: string,
  signal: AbortSignal,
): Promise<Holding> {
  try {
    const page = await client.listObjects({ bucket, maxKeys: 1 }, { signal })
    if (page.objects.length > 0) return 'objects'
    const uploads = await client.listMultipartUploads({ bucket, maxUploads: 1 }, { signal })
    return uploads.uploads.length > 0 ? 'uploads' : 'unknown'
  } catch (error) {
    if (signal.aborted) throw error
    return 'unknown'
  }
}

/** The line for a bucket the service refused to delete (409 BucketNotEmpty), saying what to do. */
function notEmptyMessage(bucket: string, holding: Holding): string {
  const tag = '(409 BucketNotEmpty)'
  switch (holding) {
    case 'objects':
      return `bucket "${bucket}" is not empty ${tag}: remove its objects first (jss-stream ls ${bucket})`
    case 'uploads':
      return `bucket "${bucket}" has open multipart uploads ${tag}: abort them first (jss-stream uploads ${bucket}, jss-stream abort --all ${bucket})`
    case 'unknown':
      return `bucket "${bucket}" is not empty ${tag}: remove its objects (jss-stream ls ${bucket}) and abort its open uploads (jss-stream abort --all ${bucket}) first`
  }
}

/** `rb <bucket>`: deletes an empty bucket; a bucket with objects or open uploads is refused (exit 1). */
export async function rb(run: CommandRun): Promise<void> {
  const bucket = run.positionals[0] ?? ''
  validateBucket(bucket)
  run.context.bucket = bucket
  const client = openClient(run)
  const { signal } = run.io
  try {
    await client.deleteBucket({ bucket }, { signal })
  } catch (error) {
    if (!isServiceError(error, 'BucketNotEmpty')) throw error
    const holding = await findHolding(client, bucket, signal)
    throw new CliError('JSS_ERR_CLI', notEmptyMessage(bucket, holding), { cause: error })
  } finally {
    await client.close()
  }
}
