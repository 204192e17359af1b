// Crash and interrupt: SIGKILL of `put --resume J` at a seeded random moment then a rerun (the object
// is byte-identical and journaled parts are not sent again, counted on the server); SIGINT/SIGTERM
// (exit 130/143, no open upload); a jss-local SIGKILL + restart in the middle of an upload.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { type JssLocal, startJssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  cliEnv,
  finish,
  localBin,
  randomBytesOf,
  runCli,
  sha256,
  spawnCli,
  waitFor,
} from '../src/harness.mjs'
import { openUploads, prng } from '../src/soak-core.mjs'

const MiB = 1024 * 1024
let jss: JssLocal
let dir: string

beforeAll(async () => {
  jss = await startJssLocal({ buckets: ['crash'] })
  dir = mkdtempSync(join(tmpdir(), 'jss-reliability-crash-'))
})
afterAll(async () => {
  await jss.close()
  rmSync(dir, { recursive: true, force: true })
})

const uploadParts = (): number => jss.counters.operations.uploadPart ?? 0

async function getSha(key: string, server: { endpoint: string; credentials: object } = jss) {
  const get = await runCli(['get', `crash/${key}`], cliEnv(server), undefined, { hashStdout: true })
  expect(get.code, get.stderr).toBe(0)
  return get.stdoutSha256
}

describe('SIGKILL of put --resume, then a rerun', () => {
  for (const seed of [9, 2, 4]) {
    it(`seed ${seed}: byte-identical, journaled parts not re-sent`, async () => {
      const random = prng(seed)
      const data = randomBytesOf(31 * MiB + 7, seed) // 7 parts of 5 MiB
      const totalParts = 7
      const journal = join(dir, `kill-${seed}.journal`)
      const key = `kill-${seed}.bin`
      const args = [
        'put',
        `crash/${key}`,
        '--part-size',
        '5MiB',
        '--concurrency',
        '2',
        '--resume',
        journal,
      ]
      // Parts are slowed down so that the kill lands mid-upload, after `killAfter` journaled parts.
      jss.setFaults('uploadPart:stall=200ms@1')
      const killAfter = 1 + Math.floor(random() * 4) // 1..4
      const child = spawnCli(args, cliEnv(jss))
      const done = finish(child)
      child.stdin.on('error', () => {})
      child.stdin.end(data)
      const journaledParts = (): number => {
        try {
          return (JSON.parse(readFileSync(journal, 'utf8')) as { parts: unknown[] }).parts.length
        } catch {
          return 0
        }
      }
      await waitFor(() => journaledParts() >= killAfter)
      child.kill('SIGKILL')
      const killed = await done
      expect(killed.signal).toBe('SIGKILL')
      jss.setFaults(undefined)
      const journaled = journaledParts()
      expect(journaled).toBeGreaterThanOrEqual(killAfter)
      console.info(
        `seed ${seed}: killed at >= ${killAfter} journaled parts; ${journaled} journaled`,
      )

      const rerunBefore = uploadParts()
      const rerun = await runCli(args, cliEnv(jss), data)
      expect(rerun.code, rerun.stderr).toBe(0)
      const sent = uploadParts() - rerunBefore
      expect(sent).toBeLessThanOrEqual(totalParts - journaled)
      expect(existsSync(journal)).toBe(false)
      expect(await getSha(key)).toBe(sha256(data))
      expect((await openUploads(jss, 'crash')).listed).toEqual([])
    }, 60_000)
  }
})

describe('SIGINT and SIGTERM', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    for (const ended of [false, true]) {
      it(`${signal} mid-upload (input ${ended ? 'ended' : 'still open'}): exit ${code}, no open upload, no object`, async () => {
        jss.setFaults('uploadPart:stall=300ms@1')
        try {
          const key = `${signal}-${ended}.bin`
          const before = uploadParts()
          const child = spawnCli(['put', `crash/${key}`, '--part-size', '5MiB'], cliEnv(jss))
          const done = finish(child)
          child.stdin.on('error', () => {})
          child.stdin.write(randomBytesOf(17 * MiB, 5))
          if (ended) child.stdin.end()
          await waitFor(() => uploadParts() > before)
          child.kill(signal)
          const result = await done
          expect(result.code, result.stderr).toBe(code)
          expect(result.stdout.length).toBe(0)
          expect((await openUploads(jss, 'crash')).listed).toEqual([])
          const ls = await runCli(['ls', `crash/${key}`], cliEnv(jss))
          expect(ls.stdout.toString()).not.toContain(key)
        } finally {
          jss.setFaults(undefined)
        }
      }, 30_000)
    }
  }
})

/** Starts the built jss-local bin; resolves with the child and its JSON line. */
async function startLocalBin(args: string[]) {
  const child = spawn(process.execPath, [localBin, '--json', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines = createInterface({ input: child.stdout })
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve)
    child.once('exit', (code) => reject(new Error(`jss-local exited ${code}`)))
  })
  const info = JSON.parse(first) as { endpoint: string; accessKey: string; secretKey: string }
  return {
    child,
    endpoint: info.endpoint,
    credentials: { accessKey: info.accessKey, secretKey: info.secretKey },
  }
}

describe('jss-local restart in the middle of an upload', () => {
  it('SIGKILL of the server, restart on the same port and data: the upload still completes', async () => {
    const data = randomBytesOf(26 * MiB + 3, 9)
    const local = join(dir, 'restart-data')
    const first = await startLocalBin([
      '--data',
      local,
      '--bucket',
      'crash',
      '--faults',
      'uploadPart:stall=400ms@1',
    ])
    const port = new URL(first.endpoint).port
    let second: Awaited<ReturnType<typeof startLocalBin>> | undefined
    try {
      const child = spawnCli(
        ['put', 'crash/restart.bin', '--part-size', '5MiB', '--verbose'],
        cliEnv(first),
      )
      const done = finish(child)
      child.stdin.on('error', () => {})
      child.stdin.end(data)
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
      })
      // Kill the server once a part was stored (a 200 on a part PUT).
      await waitFor(() => /PUT \S+partNumber=\d+\S* 200/.test(stderr), 20_000)
      first.child.kill('SIGKILL')
      await new Promise((resolve) => first.child.once('exit', resolve))
      await new Promise((resolve) => setTimeout(resolve, 1000))
      second = await startLocalBin(['--data', local, '--port', port, '--bucket', 'crash'])
      const result = await done
      expect(result.code, result.stderr).toBe(0)
      expect(await getSha('restart.bin', second)).toBe(sha256(data))
      expect((await openUploads(second, 'crash')).listed).toEqual([])
    } finally {
      first.child.kill('SIGKILL')
      second?.child.kill('SIGTERM')
      if (second) await new Promise((resolve) => second?.child.once('exit', resolve))
    }
  }, 90_000)
})
