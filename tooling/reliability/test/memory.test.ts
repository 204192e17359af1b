// Bounded memory: the peak resident set of `jss-stream put` (VmHWM, Linux /proc) does not grow with
// the size of the input: a 10× larger pipe costs no more than a small margin.
import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { type JssLocal, startJssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliEnv, finish, randomChunks, spawnCli } from '../src/harness.mjs'

const MiB = 1024 * 1024
let jss: JssLocal
beforeAll(async () => {
  jss = await startJssLocal({ buckets: ['mem'] })
})
afterAll(async () => {
  await jss.close()
})

/** Pipes `size` bytes into `put` and returns the process's peak RSS in bytes. */
async function peakRss(size: number, key: string): Promise<number> {
  const child = spawnCli(['put', `mem/${key}`, '--part-size', '5MiB'], cliEnv(jss))
  const done = finish(child)
  let peak = 0
  const sample = (): void => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
      if (m) peak = Math.max(peak, Number(m[1]) * 1024)
    } catch {
      // The process has exited.
    }
  }
  const timer = setInterval(sample, 20)
  Readable.from(randomChunks(size, 1)).pipe(child.stdin)
  const result = await done
  clearInterval(timer)
  expect(result.code, result.stderr).toBe(0)
  return peak
}

describe.runIf(process.platform === 'linux')('bounded memory', () => {
  it('peak RSS of put is the same for 20 MiB and 200 MiB of input (5 MiB parts)', async () => {
    const small = await peakRss(20 * MiB, 'small')
    const large = await peakRss(200 * MiB, 'large')
    console.info(
      `peak RSS: 20 MiB input ${(small / MiB).toFixed(0)} MiB, 200 MiB input ${(large / MiB).toFixed(0)} MiB`,
    )
    expect(small).toBeGreaterThan(0)
    expect(large).toBeLessThan(small + 64 * MiB)
  }, 60_000)
})
