import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signRequest } from '@jss/signer'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { JssLocal } from '../src/index.js'
import { buildCli } from './build-cli.js'
import { type CliProcess, spawnCli } from './cli-process.js'
import { expectJson } from './expect-reply.js'
import { send } from './send.js'

let build: { dir: string; launcher: string }
beforeAll(async () => {
  build = await buildCli()
})
afterAll(() => rm(build.dir, { recursive: true, force: true }))

const running: CliProcess[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const cli of running.splice(0)) if (cli.child.exitCode === null) cli.child.kill('SIGKILL')
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

function start(args: readonly string[]): CliProcess {
  const cli = spawnCli(build.launcher, args)
  running.push(cli)
  return cli
}

interface Started {
  readonly endpoint: string
  readonly accessKey: string
  readonly secretKey: string
  readonly data: string
}

/** A JssLocal-like handle on a CLI, for `send`. */
function handle(info: Started): JssLocal {
  return {
    endpoint: info.endpoint,
    credentials: { accessKey: info.accessKey, secretKey: info.secretKey },
  } as JssLocal
}

describe('jss-local CLI', () => {
  it('prints help', async () => {
    const { code, stdout } = await start(['--help']).exit
    expect(code).toBe(0)
    expect(stdout).toContain('Usage: jss-local')
    expect(stdout).toContain('--faults SPEC')
  })

  it('exits 2 with a clear message and no stack trace on usage errors', async () => {
    for (const args of [
      ['--port', 'abc'],
      ['--frobnicate'],
      ['--faults', 'upload:500=2'],
      ['--min-part-size', 'lots'],
      ['--bucket', 'No_Good'],
    ]) {
      const { code, stderr } = await start(args).exit
      expect({ args, code }).toEqual({ args, code: 2 })
      expect(stderr).toMatch(/^jss-local: /)
      expect(stderr).not.toMatch(/\n\s+at /)
    }
  })

  it('prints one JSON line, serves, and removes its temporary data directory on SIGTERM', async () => {
    const cli = start(['--json', '--bucket', 'cli-bucket'])
    const line = await cli.firstLine
    const info = JSON.parse(line) as Started
    expect(info).toEqual({
      endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      accessKey: 'JSSLOCALACCESSKEY000',
      secretKey: 'jss-local-secret-key-0000000000000000000',
      data: expect.any(String),
    })
    expect(existsSync(info.data)).toBe(true)
    const put = await send(handle(info), { method: 'PUT', path: '/cli-bucket/k', body: 'v' })
    expect(put.status).toBe(200)
    cli.child.kill('SIGTERM')
    const { code, stdout } = await cli.exit
    expect(code).toBe(0)
    expect(stdout.trim().split('\n')).toHaveLength(1)
    expect(existsSync(info.data)).toBe(false)
  })

  it('prints the endpoint line without --json and stops on SIGINT', async () => {
    const cli = start(['--access-key', 'AK1', '--secret-key', 'SK1'])
    expect(await cli.firstLine).toMatch(/^jss-local listening on http:\/\/127\.0\.0\.1:\d+ .*AK1/)
    cli.child.kill('SIGINT')
    expect(await cli.exit).toMatchObject({ code: 0 })
  })

  it('keeps open uploads across a SIGKILL mid-upload and a restart', async () => {
    const data = await mkdtemp(join(tmpdir(), 'jss-local-cli-'))
    dirs.push(data)
    const args = ['--json', '--data', data, '--bucket', 'crash', '--min-part-size', '4']
    const first = start(args)
    const info = JSON.parse(await first.firstLine) as Started
    const server = handle(info)
    const uploadId = expectJson(await send(server, { method: 'POST', path: '/crash/big?uploads' }))
      .UploadId as string
    expect(
      (
        await send(server, {
          method: 'PUT',
          path: `/crash/big?partNumber=1&uploadId=${uploadId}`,
          body: 'part-one',
        })
      ).status,
    ).toBe(200)
    // Part 2 is half sent when the server dies.
    const path = `/crash/big?partNumber=2&uploadId=${uploadId}`
    const headers = await signRequest(
      { method: 'PUT', url: `${info.endpoint}${path}` },
      server.credentials,
    )
    const url = new URL(info.endpoint)
    const halfSent = new Promise<void>((resolve) => {
      const req = request({
        host: url.hostname,
        port: url.port,
        method: 'PUT',
        path,
        headers: { ...headers, 'Content-Length': '1000' },
      })
      req.on('error', () => resolve())
      req.write('x'.repeat(500), () => setTimeout(resolve, 100))
    })
    await halfSent
    first.child.kill('SIGKILL')
    expect((await first.exit).signal).toBe('SIGKILL')

    const second = start(args)
    const again = handle(JSON.parse(await second.firstLine) as Started)
    const uploads = expectJson(await send(again, { method: 'GET', path: '/crash?uploads' }))
    expect(uploads.Upload).toEqual([expect.objectContaining({ Key: 'big', UploadId: uploadId })])
    const parts = expectJson(
      await send(again, { method: 'GET', path: `/crash/big?uploadId=${uploadId}` }),
    )
    expect(parts.Part).toEqual([expect.objectContaining({ PartNumber: 1, Size: 8 })])
    const two = await send(again, { method: 'PUT', path, body: 'part-two' })
    expect(two.status).toBe(200)
    const etags = [parts.Part as { ETag: string }[]][0]!.map((p) => p.ETag)
    const done = await send(again, {
      method: 'POST',
      path: `/crash/big?uploadId=${uploadId}`,
      body: JSON.stringify({
        Part: [
          { PartNumber: 1, ETag: etags[0] },
          { PartNumber: 2, ETag: (two.headers.etag ?? '').replaceAll('"', '') },
        ],
      }),
    })
    expect(done.status).toBe(200)
    expect((await send(again, { method: 'GET', path: '/crash/big' })).text).toBe('part-onepart-two')
    expect(await readdir(join(data, 'tmp'))).toEqual([])
    second.child.kill('SIGTERM')
    expect((await second.exit).code).toBe(0)
    expect(existsSync(data)).toBe(true)
  })
})
