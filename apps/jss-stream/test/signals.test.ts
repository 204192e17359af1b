import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, write } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClient, type JssClient } from '@jss/protocol'
import type { JssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signalGraceMs } from '../src/signal-exit.js'
import { bin, cliEnv, finish, makeData, runCli, spawnCli, startServer, waitFor } from './cli.js'

let server: JssLocal
let client: JssClient
let env: Record<string, string>
let dir: string

beforeAll(async () => {
  server = await startServer()
  client = createClient({ endpoint: server.endpoint, credentials: server.credentials })
  env = cliEnv(server)
  dir = mkdtempSync(join(tmpdir(), 'jss-stream-signals-'))
})

afterAll(async () => {
  await client.close()
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

async function openUploads(prefix: string): Promise<string[]> {
  const ids: string[] = []
  for await (const upload of client.paginateMultipartUploads({ bucket: 'test-bucket', prefix })) {
    ids.push(upload.uploadId)
  }
  return ids
}

const parts = (): number => server.counters.operations.uploadPart ?? 0

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** What `jss-stream uploads test-bucket/<prefix>` prints: empty when no upload is open. */
async function uploadsListing(prefix: string): Promise<string> {
  const result = await runCli(['uploads', `test-bucket/${prefix}`], env)
  expect(result.code).toBe(0)
  return result.stdout.toString('utf8')
}

async function abortAll(prefix: string): Promise<void> {
  for (const uploadId of await openUploads(prefix)) {
    await client.abortMultipartUpload({ bucket: 'test-bucket', key: prefix, uploadId })
  }
}

/**
 * `put` as a shell pipeline runs it: stdin a FIFO (fed 6 MiB, then stalled, never closed), in a
 * process group of its own, as a terminal's job is; `group` signals the whole group, as Ctrl-C
 * does. `wrap` runs it through a wrapper (`timeout …`, `npx pnpm exec`), `program` is what the
 * wrapper runs. `midway` resolves once a part has reached the server.
 */
function putFromFifo(
  key: string,
  extra: string[] = [],
  wrap: string[] = [],
  program: string = bin,
  cwd?: string,
) {
  const fifo = join(dir, `${key}.fifo`)
  execFileSync('mkfifo', [fifo])
  const writer = openSync(fifo, 'r+')
  const reader = openSync(fifo, 'r')
  const before = parts()
  const args = ['put', `test-bucket/${key}`, '--part-size', '5MiB', ...extra]
  const argv =
    program === bin ? [...wrap, process.execPath, bin, ...args] : [...wrap, program, ...args]
  const [command = '', ...rest] = argv
  const child = spawn(command, rest, {
    env: program === bin ? env : { ...env, npm_config_offline: 'true' },
    stdio: [reader, 'pipe', 'pipe'],
    detached: true,
    ...(cwd === undefined ? {} : { cwd }),
  })
  closeSync(reader)
  const pid = child.pid ?? 0
  const done = finish(child).finally(() => closeSync(writer))
  // Written from the thread pool: the server answering the child runs on this event loop.
  void new Promise((resolve) => write(writer, makeData(6 * 2 ** 20, 17), resolve))
  const groupGone = (): boolean => {
    try {
      process.kill(-pid, 0)
      return false
    } catch {
      return true
    }
  }
  return {
    midway: waitFor(() => parts() > before, 30_000),
    done,
    group: (signal: NodeJS.Signals) => process.kill(-pid, signal),
    groupGone,
    kill: () => {
      if (!groupGone()) process.kill(-pid, 'SIGKILL')
    },
  }
}

/**
 * Starts `put` and feeds it `data` without ending stdin (a slow producer that has stalled), then
 * waits until at least one part has reached the server: the upload is mid-way.
 */
async function midUpload(key: string, extra: string[] = []) {
  const before = parts()
  const child = spawnCli(['put', `test-bucket/${key}`, '--part-size', '5MiB', ...extra], env)
  const done = finish(child)
  child.stdin?.on('error', () => {})
  child.stdin?.write(makeData(12 * 2 ** 20, 11))
  await waitFor(() => parts() > before)
  return { child, done }
}

describe('signals', () => {
  it('SIGINT mid-upload aborts the upload, leaves nothing behind and exits 130', async () => {
    const { child, done } = await midUpload('sigint.bin')
    child.kill('SIGINT')
    const result = await done
    expect(result.code).toBe(130)
    expect(result.stderr).toMatch(
      /^jss-stream: interrupted by SIGINT; upload \S+ aborted, nothing left behind\n$/,
    )
    expect(await openUploads('sigint.bin')).toEqual([])
    await expect(client.headObject({ bucket: 'test-bucket', key: 'sigint.bin' })).rejects.toThrow()
  })

  it('SIGINT with a stalled pipe (FIFO) on stdin exits 130 at once and leaves nothing behind', async () => {
    // A shell pipe is a FIFO, which put reads with plain reads: a read of a stalled producer stays
    // pending in the thread pool, and the process must exit all the same.
    const fifo = join(dir, 'stdin.fifo')
    execFileSync('mkfifo', [fifo])
    const writer = openSync(fifo, 'r+')
    const reader = openSync(fifo, 'r')
    const before = parts()
    const child = spawn(
      process.execPath,
      [bin, 'put', 'test-bucket/fifo.bin', '--part-size', '5MiB'],
      {
        env,
        stdio: [reader, 'pipe', 'pipe'],
      },
    )
    closeSync(reader)
    const done = finish(child)
    // Written from the thread pool: the server answering the child runs on this event loop.
    void new Promise((resolve) => write(writer, makeData(6 * 2 ** 20, 13), resolve))
    await waitFor(() => parts() > before)
    child.kill('SIGINT')
    const result = await done
    closeSync(writer)
    expect(result.code).toBe(130)
    expect(result.stderr).toMatch(
      /^jss-stream: interrupted by SIGINT; upload \S+ aborted, nothing left behind\n$/,
    )
    expect(await openUploads('fifo.bin')).toEqual([])
  })

  it('SIGTERM mid-upload exits 143, also after the input ended (no Complete)', async () => {
    const before = parts()
    const child = spawnCli(['put', 'test-bucket/sigterm.bin', '--part-size', '5MiB'], env)
    const done = finish(child)
    child.stdin?.write(makeData(6 * 2 ** 20, 12))
    await waitFor(() => parts() > before)
    child.kill('SIGTERM')
    child.stdin?.end()
    const result = await done
    expect(result.code).toBe(143)
    expect(result.stderr).toMatch(/^jss-stream: interrupted by SIGTERM; /)
    expect(await openUploads('sigterm.bin')).toEqual([])
  })

  it('with --resume, SIGINT keeps the upload and prints the command to resume', async () => {
    const journal = join(dir, 'kept.journal')
    const { child, done } = await midUpload('kept.bin', ['--resume', journal])
    await waitFor(() => existsSync(journal))
    child.kill('SIGINT')
    const result = await done
    expect(result.code).toBe(130)
    const [uploadId] = await openUploads('kept.bin')
    expect(result.stderr).toBe(
      `jss-stream: interrupted by SIGINT; left behind: open multipart upload ${uploadId} of test-bucket/kept.bin and journal ${journal}; resume by piping the same data into: jss-stream put test-bucket/kept.bin --part-size 5MiB --resume ${journal}\n`,
    )
    await client.abortMultipartUpload({
      bucket: 'test-bucket',
      key: 'kept.bin',
      uploadId: uploadId ?? '',
    })
  })

  it('a signal after the grace period exits at once, naming what the server confirms is left', async () => {
    server.setFaults('abortMultipartUpload:stall=8s@1')
    const started = putFromFifo('late.bin')
    try {
      await started.midway
      const aborts = server.counters.operations.abortMultipartUpload ?? 0
      started.group('SIGINT')
      // The abort request is stalled by the server: the CLI is cleaning up.
      await waitFor(() => (server.counters.operations.abortMultipartUpload ?? 0) > aborts)
      await sleep(signalGraceMs + 300)
      const sent = Date.now()
      started.group('SIGTERM')
      const result = await started.done
      expect(Date.now() - sent).toBeLessThan(2500)
      // The status follows the first signal.
      expect(result.code).toBe(130)
      const [uploadId] = await openUploads('late.bin')
      expect(result.stderr).toBe(
        `jss-stream: SIGTERM after the 3 s grace period, exiting before the clean-up ended; left behind:\n  open multipart upload ${uploadId} of test-bucket/late.bin; remove it with: jss-stream abort test-bucket/late.bin ${uploadId}\n`,
      )
    } finally {
      server.setFaults(undefined)
      started.kill()
      await abortAll('late.bin')
    }
  }, 30_000)

  it('says "may have been left" with the command when the server does not confirm in time', async () => {
    server.setFaults('abortMultipartUpload:stall=8s@1;listParts:stall=8s@1')
    const started = putFromFifo('unconfirmed.bin')
    try {
      await started.midway
      const aborts = server.counters.operations.abortMultipartUpload ?? 0
      started.group('SIGINT')
      await waitFor(() => (server.counters.operations.abortMultipartUpload ?? 0) > aborts)
      await sleep(signalGraceMs + 300)
      started.group('SIGINT')
      const result = await started.done
      expect(result.code).toBe(130)
      expect(result.stderr).toMatch(
        /^jss-stream: SIGINT after the 3 s grace period, exiting before the clean-up ended; may have been left behind \(not confirmed in time\):\n {2}open multipart upload \S+ of test-bucket\/unconfirmed\.bin; remove it with: jss-stream abort test-bucket\/unconfirmed\.bin \S+\n$/,
      )
    } finally {
      server.setFaults(undefined)
      started.kill()
      await abortAll('unconfirmed.bin')
    }
  }, 30_000)

  it('--resume after SIGKILL completes the same object byte-identical', async () => {
    const data = makeData(23 * 2 ** 20, 21)
    const journal = join(dir, 'killed.journal')
    const args = ['put', 'test-bucket/killed.bin', '--part-size', '5MiB', '--resume', journal]
    const child = spawnCli(args, env)
    const done = finish(child)
    child.stdin?.on('error', () => {})
    child.stdin?.write(data.subarray(0, 16 * 2 ** 20))
    await waitFor(() => {
      if (!existsSync(journal)) return false
      try {
        return JSON.parse(readFileSync(journal, 'utf8')).parts.length >= 2
      } catch {
        return false
      }
    })
    child.kill('SIGKILL')
    expect((await done).signal).toBe('SIGKILL')
    const before = parts()
    const resumed = await runCli([...args, '--json'], env, data)
    expect(resumed.stderr).toMatch(/^jss-stream: resuming upload \S+: [23] parts already stored\n$/)
    expect(resumed.code).toBe(0)
    expect(JSON.parse(resumed.stdout.toString('utf8'))).toMatchObject({
      size: data.length,
      parts: 5,
    })
    expect(parts() - before).toBeLessThanOrEqual(3)
    expect(existsSync(journal)).toBe(false)
    const get = await runCli(['get', 'test-bucket/killed.bin'], env)
    expect(get.code).toBe(0)
    expect(get.stdout.equals(data)).toBe(true)
    expect(await openUploads('killed.bin')).toEqual([])
  })
})

describe('signals from wrappers, to the process group, with a FIFO on stdin', () => {
  it('SIGINT then SIGTERM 10 ms later (what pnpm exec does): the clean-up completes, exit 130', async () => {
    // The abort takes a second: the SIGTERM arrives while the CLI cleans up.
    server.setFaults('abortMultipartUpload:stall=1s@1')
    const started = putFromFifo('pnpm-like.bin')
    try {
      await started.midway
      started.group('SIGINT')
      await sleep(10)
      started.group('SIGTERM')
      const result = await started.done
      expect(result.code).toBe(130)
      expect(result.stderr).toMatch(
        /^jss-stream: SIGTERM ignored while cleaning up after SIGINT; a signal after 3 s exits at once\njss-stream: interrupted by SIGINT; upload \S+ aborted, nothing left behind\n$/,
      )
      expect(await uploadsListing('pnpm-like.bin')).toBe('')
    } finally {
      server.setFaults(undefined)
      started.kill()
    }
  }, 30_000)

  it('under timeout -s TERM (which signals the command, then its process group): 143, clean', async () => {
    server.setFaults('abortMultipartUpload:stall=1s@1')
    const started = putFromFifo(
      'timeout.bin',
      [],
      ['timeout', '--preserve-status', '-s', 'TERM', '3'],
    )
    try {
      await started.midway
      const result = await started.done
      expect(result.code).toBe(143)
      expect(result.stderr).toMatch(
        /jss-stream: interrupted by SIGTERM; upload \S+ aborted, nothing left behind\n$/,
      )
      expect(result.stderr).not.toMatch(/left behind:|exiting before/)
      expect(await uploadsListing('timeout.bin')).toBe('')
    } finally {
      server.setFaults(undefined)
      started.kill()
    }
  }, 30_000)

  it('through npx pnpm exec, Ctrl-C (SIGINT to the group) leaves no open upload', async () => {
    const started = putFromFifo(
      'pnpm-exec.bin',
      [],
      ['npx', '--yes', 'pnpm@10.34.9', 'exec'],
      'jss-stream',
      fileURLToPath(new URL('../../..', import.meta.url)),
    )
    try {
      await started.midway
      started.group('SIGINT')
      const result = await started.done
      await waitFor(() => started.groupGone(), 20_000)
      expect(result.stderr).not.toMatch(/left behind:|exiting before/)
      expect(await uploadsListing('pnpm-exec.bin')).toBe('')
    } finally {
      started.kill()
    }
  }, 60_000)
})

describe('signals during get', () => {
  it('SIGINT while stdout is blocked exits 130', async () => {
    expect(
      (await runCli(['put', 'test-bucket/read-me.bin'], env, makeData(4 * 2 ** 20, 51))).code,
    ).toBe(0)
    const child = spawnCli(['get', 'test-bucket/read-me.bin'], env)
    child.stdout?.pause()
    child.stdin?.end()
    const stderr: Buffer[] = []
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk))
    // Nobody reads stdout: the pipe fills and the download waits for it to drain.
    const gets = server.counters.operations.getObject ?? 0
    await waitFor(() => (server.counters.operations.getObject ?? 0) > gets)
    child.kill('SIGINT')
    // The CLI stops downloading, then exits once what it already wrote has drained.
    const closed = once(child, 'close')
    child.stdout?.resume()
    const [code] = await closed
    expect(code).toBe(130)
    expect(Buffer.concat(stderr).toString('utf8')).toBe('jss-stream: interrupted by SIGINT\n')
  })
})

describe('failures', () => {
  const args = ['--part-size', '5MiB', '--size', '6MiB', '--exact-size']

  it('aborts the upload on a failure and exits 1', async () => {
    const result = await runCli(
      ['put', 'test-bucket/too-long.bin', ...args],
      env,
      makeData(12 * 2 ** 20, 41),
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /^jss-stream: the stream is longer than the declared 6291456 bytes/,
    )
    expect(await openUploads('too-long.bin')).toEqual([])
  })

  it('with --keep-on-error, keeps the upload and says how to remove it', async () => {
    const result = await runCli(
      ['put', 'test-bucket/kept-on-error.bin', ...args, '--keep-on-error'],
      env,
      makeData(12 * 2 ** 20, 42),
    )
    expect(result.code).toBe(1)
    const [uploadId] = await openUploads('kept-on-error.bin')
    expect(uploadId).toBeDefined()
    expect(result.stderr).toContain(
      `jss-stream: left behind: open multipart upload ${uploadId} of test-bucket/kept-on-error.bin; remove it with: jss-stream abort test-bucket/kept-on-error.bin ${uploadId}\n`,
    )
    const abort = await runCli(['abort', 'test-bucket/kept-on-error.bin', uploadId ?? ''], env)
    expect(abort.code).toBe(0)
    expect(await openUploads('kept-on-error.bin')).toEqual([])
  })
})
