// The hostile-request table of jss-local's suite, run against the built jss-local binary: every case
// gets its status and leaves the store as it was.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  HOSTILE_CASES,
  type HostileTarget,
  SEEDED,
  seed,
  sendHostile,
  snapshot,
} from '../../../apps/jss-local/test/hostile-requests.js'
import { localBin } from '../src/harness.mjs'

let parent: string
let local: ChildProcess
let target: HostileTarget

beforeAll(async () => {
  parent = mkdtempSync(join(tmpdir(), 'jss-reliability-hostile-'))
  const data = join(parent, 'data')
  local = spawn(
    process.execPath,
    [localBin, '--json', '--bucket', 'bucket', '--bucket', 'other-bucket', '--data', data],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const lines = createInterface({ input: local.stdout! })
  const first = await new Promise<string>((resolve) => lines.once('line', resolve))
  const info = JSON.parse(first) as { endpoint: string; accessKey: string; secretKey: string }
  target = {
    endpoint: info.endpoint,
    credentials: { accessKey: info.accessKey, secretKey: info.secretKey },
    data,
  }
  await seed(target)
})
afterAll(async () => {
  if (local.exitCode === null) {
    local.kill('SIGTERM')
    await new Promise((resolve) => local.once('exit', resolve))
  }
  rmSync(parent, { recursive: true, force: true })
})

describe('the built jss-local against the hostile-request table', () => {
  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await snapshot(target.data)
    const answer = await sendHostile(target, c)
    expect(answer.status).toBe(c.status)
    for (const [path, body] of Object.entries(SEEDED)) {
      if (path === c.reads) expect(answer.body).toBe(body)
      else expect(answer.body).not.toContain(body)
    }
    expect(await snapshot(target.data)).toEqual(before)
  })
})
