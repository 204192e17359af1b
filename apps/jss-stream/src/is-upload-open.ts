import type { CommandRun } from './cli-io.js'
import { openClient } from './open-client.js'
import type { Target } from './target.js'

/**
 * Whether a multipart upload is still open, asked on a late signal: on its own connection, since
 * the upload's may all be stalled. Rejects when the server cannot tell.
 */
export async function isUploadOpen(
  run: CommandRun,
  target: Target,
  uploadId: string,
  signal: AbortSignal,
): Promise<boolean> {
  const checker = openClient(run, { connections: 1 })
  try {
    await checker.listParts({ ...target, uploadId, maxParts: 1 }, { signal })
    return true
  } catch (error) {
    if ((error as { code?: unknown }).code === 'NoSuchUpload') return false
    throw error
  } finally {
    void checker.close().catch(() => {})
  }
}
