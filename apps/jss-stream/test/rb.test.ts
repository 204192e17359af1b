import { PassThrough } from 'node:stream'
import { createClient, type JssClient } from '@jss/protocol'
import { type JssLocal, startJssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CliIo } from '../src/cli-io.js'
import { exitCodes } from '../src/exit-code.js'
import { run } from '../src/run.js'

let server: JssLocal
/** Sets the buckets up (objects, open uploads) without the CLI. */
let setup: JssClient
beforeAll(async () => {
  server = await startJssLocal()
  setup = createClient({ endpoint: server.endpoint, credentials: server.credentials })
})
afterAll(async () => {
  await setup.close()
  await server.close()
})

/** Runs the CLI in-process against the server; what it printed and its exit status. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const out: string[] = []
  const err: string[] = []
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()))
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()))
  const io: CliIo = {
    argv,
    env: {
      JSS_ENDPOINT: server.endpoint,
      JSS_ACCESS_KEY: server.credentials.accessKey,
      JSS_SECRET_KEY: server.credentials.secretKey,
    },
    stdin: new PassThrough(),
    stdout,
    stderr,
    signal: new AbortController().signal,
    leftBehind: new Map(),
    now: Date.now,
    version: '9.9.9',
  }
  const code = await run(io)
  return { code, out: out.join(''), err: err.join('') }
}

describe('jss-stream rb', () => {
  it('deletes an empty bucket, silently, exit 0; then it is gone', async () => {
    expect((await cli('mb', 'rb-empty')).code).toBe(exitCodes.success)
    const deleted = await cli('rb', 'rb-empty')
    expect(deleted).toEqual({ code: exitCodes.success, out: '', err: '' })
    const again = await cli('rb', 'rb-empty')
    expect(again.code).toBe(exitCodes.failure)
    expect(again.err).toMatch(/^jss-stream: no such bucket "rb-empty" \(404 NoSuchBucket\)/)
    expect((await cli('ls', 'rb-empty')).code).toBe(exitCodes.failure)
    expect((await cli('mb', 'rb-empty')).code).toBe(exitCodes.success)
  })

  it('refuses a bucket that holds objects, says how to empty it, and keeps it', async () => {
    await cli('mb', 'rb-full')
    await setup.putObject({ bucket: 'rb-full', key: 'one', body: new TextEncoder().encode('x') })
    const refused = await cli('rb', 'rb-full')
    expect(refused.code).toBe(exitCodes.failure)
    expect(refused.out).toBe('')
    expect(refused.err).toBe(
      'jss-stream: bucket "rb-full" is not empty (409 BucketNotEmpty): remove its objects first (jss-stream ls rb-full)\n',
    )
    expect((await cli('ls', 'rb-full')).out).toMatch(/ one\n$/)
    expect((await cli('rm', 'rb-full/one')).code).toBe(exitCodes.success)
    expect((await cli('rb', 'rb-full')).code).toBe(exitCodes.success)
  })

  it('refuses a bucket with an open upload, pointing at abort --all', async () => {
    await cli('mb', 'rb-pending')
    await setup.initiateMultipartUpload({ bucket: 'rb-pending', key: 'big' })
    const refused = await cli('rb', 'rb-pending')
    expect(refused.code).toBe(exitCodes.failure)
    expect(refused.err).toBe(
      'jss-stream: bucket "rb-pending" has open multipart uploads (409 BucketNotEmpty): abort them first (jss-stream uploads rb-pending, jss-stream abort --all rb-pending)\n',
    )
    expect((await cli('abort', '--all', 'rb-pending')).code).toBe(exitCodes.success)
    expect((await cli('rb', 'rb-pending')).code).toBe(exitCodes.success)
  })

  it('checks its argument before any request (exit 2)', async () => {
    const before = server.counters.requests
    for (const argv of [['rb'], ['rb', 'Bad_Bucket'], ['rb', 'a', 'b']]) {
      const { code, err } = await cli(...argv)
      expect(code).toBe(exitCodes.usage)
      expect(err).toMatch(/^jss-stream: [^\n]+\n$/)
    }
    expect(server.counters.requests).toBe(before)
  })

  it('has help with an example', async () => {
    const { code, out } = await cli('rb', '--help')
    expect(code).toBe(exitCodes.success)
    expect(out).toContain('Usage: jss-stream rb <bucket>')
    expect(out).toMatch(/Examples:\n {2}jss-stream rb \S+/)
    expect((await cli('--help')).out).toMatch(/\n {2}rb <bucket> +delete an empty bucket\n/)
  })
})
