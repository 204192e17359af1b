import type { CommandRun } from '../cli-io.js'
import { parseDuration } from '../duration.js'
import { UsageError } from '../errors.js'
import { openClient } from '../open-client.js'
import { parseObjectTarget } from '../target.js'

/** `presign <bucket>/<key>`: prints a presigned URL, and nothing else, on stdout. */
export async function presign(run: CommandRun): Promise<void> {
  const target = parseObjectTarget(run.positionals[0] ?? '')
  Object.assign(run.context, target)
  const { values } = run
  const expiresIn = parseDuration(
    typeof values.expires === 'string' ? values.expires : '1h',
    '--expires',
  )
  if (expiresIn < 1) throw new UsageError('--expires must be at least 1 second')
  const method = (typeof values.method === 'string' ? values.method : 'GET').toUpperCase()
  if (method !== 'GET' && method !== 'PUT') {
    throw new UsageError(`invalid --method "${values.method}": use GET or PUT`)
  }
  const contentType =
    typeof values['content-type'] === 'string' ? values['content-type'] : undefined
  const client = openClient(run)
  try {
    const url = await client.presign({
      ...target,
      method,
      expires: Math.floor(run.io.now() / 1000) + expiresIn,
      ...(contentType === undefined ? {} : { contentType }),
    })
    run.io.stdout.write(`${url}\n`)
  } finally {
    await client.close()
  }
}
