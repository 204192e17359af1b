import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { request } from 'node:http'
import { createServer } from 'node:net'
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
/** Detached servers (`--background`) still to kill. */
const detached: number[] = []
afterEach(async () => {
  for (const cli of running.splice(0)) if (cli.child.exitCode === null) cli.child.kill('SIGKILL')
  for (const pid of detached.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL')
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

/** Whether a process runs (a zombie, left for an init that may never reap it, does not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

async function waitForExit(pid: number, ms = 10_000): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    if (!alive(pid)) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return !alive(pid)
}

/** Runs a POSIX shell script with `env`, resolving with its exit code and output. */
function shell(
  script: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      '/bin/sh',
      ['-c', script],
      { env: { ...process.env, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
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
      ['--cors', 'localhost:5173'],
      ['--cors', 'http://localhost:5173/app'],
      ['--json', '--env'],
      ['--background', '--cors', 'ftp:/x'],
      // Found by the detached server itself, which exits 2: so does the command.
      ['--background', '--env', '--bucket', 'No_Good'],
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

  it('prints export lines with --env, single-quoted for a shell', async () => {
    const cli = start(['--env', '--access-key', "it's", '--secret-key', 'a b$c'])
    // The four lines come in one write.
    await cli.firstLine
    cli.child.kill('SIGTERM')
    const { code, stdout } = await cli.exit
    expect(code).toBe(0)
    expect(stdout).toMatch(
      new RegExp(
        "^export JSS_ENDPOINT='http://127\\.0\\.0\\.1:\\d+'\n" +
          "export JSS_ACCESS_KEY='it'\\\\''s'\n" +
          "export JSS_SECRET_KEY='a b\\$c'\n" +
          `export JSS_LOCAL_PID='${cli.child.pid}'\n$`,
      ),
    )
    const { stdout: echoed } = await shell(
      `${stdout}\nprintf '%s|%s' "$JSS_ACCESS_KEY" "$JSS_SECRET_KEY"`,
    )
    expect(echoed).toBe("it's|a b$c")
  })

  it('starts in the background for eval, serves, and stops on kill, removing its temporary data', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'jss-local-cli-tmp-'))
    dirs.push(tmp)
    const { code, stdout, stderr } = await shell(
      `eval "$("${process.execPath}" "${build.launcher}" --background --env --bucket bkt)"; ` +
        'echo "$JSS_ENDPOINT $JSS_LOCAL_PID $JSS_ACCESS_KEY $JSS_SECRET_KEY"',
      { TMPDIR: tmp },
    )
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    const [endpoint, pidText, accessKey, secretKey] = stdout.trim().split(' ')
    const pid = Number(pidText)
    detached.push(pid)
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(alive(pid)).toBe(true)
    const server = handle({ endpoint, accessKey, secretKey } as Started)
    const unsigned = await send(server, { method: 'GET', path: '/bkt', sign: false })
    expect(unsigned.status).toBe(403)
    expect(unsigned.json).toMatchObject({ code: 'AccessDenied' })
    expect((await send(server, { method: 'PUT', path: '/bkt/k', body: 'v' })).status).toBe(200)
    const data = await readdir(tmp)
    expect(data).toEqual([expect.stringMatching(/^jss-local-/)])
    process.kill(pid, 'SIGTERM')
    expect(await waitForExit(pid)).toBe(true)
    expect(await readdir(tmp)).toEqual([])
  })

  it('with --background --json, prints the JSON line with the pid (--detach is the same)', async () => {
    const { code, stdout } = await start(['--detach', '--json', '--cors', '*']).exit
    expect(code).toBe(0)
    const info = JSON.parse(stdout) as Started & { pid: number }
    detached.push(info.pid)
    expect(info).toEqual({
      endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      accessKey: 'JSSLOCALACCESSKEY000',
      secretKey: 'jss-local-secret-key-0000000000000000000',
      data: expect.any(String),
      pid: expect.any(Number),
    })
    expect(existsSync(info.data)).toBe(true)
    const reply = await send(handle(info), {
      method: 'GET',
      path: '/',
      headers: { Origin: 'http://x.test' },
    })
    expect(reply.headers['access-control-allow-origin']).toBe('*')
    process.kill(info.pid, 'SIGTERM')
    expect(await waitForExit(info.pid)).toBe(true)
    expect(existsSync(info.data)).toBe(false)
  })

  it('exits 1 with the server error when the detached server cannot start', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const port = (taken.address() as { port: number }).port
    try {
      const { code, stdout, stderr } = await start([
        '--background',
        '--env',
        '--port',
        String(port),
      ]).exit
      expect({ code, stdout }).toEqual({ code: 1, stdout: '' })
      expect(stderr).toMatch(/^jss-local: .*EADDRINUSE/)
      expect(stderr).not.toMatch(/\n\s+at /)
    } finally {
      taken.close()
    }
  })
})
