// The short default-suite version of `pnpm test:soak`: a handful of uploads of a few MiB piped
// into the built `jss-stream put` at 10% and 20% retryable faults (500, 503 SlowDown, resets
// mid-body, 2 s stalls, wrong part ETags): each completes byte-identical and no upload stays open.
import { type JssLocal, startJssLocal } from 'jss-local'
import { afterEach, describe, expect, it } from 'vitest'
import { faultSpec, runSoak } from '../src/soak-core.mjs'

let jss: JssLocal | undefined
afterEach(async () => {
  await jss?.close()
  jss = undefined
})

describe('uploads under injected faults (short soak)', () => {
  for (const [rate, seed] of [
    [0.1, 101],
    [0.2, 202],
  ] as const) {
    it(`${rate * 100}% faults, seed ${seed}: every upload verified, no orphan`, async () => {
      const faults = faultSpec(rate)
      jss = await startJssLocal({ buckets: ['soak'], faults, faultSeed: seed })
      console.info(`fault seed ${seed}, spec ${faults}`)
      const result = await runSoak({
        server: jss,
        bucket: 'soak',
        count: 4,
        maxSize: 12 * 1024 * 1024,
        seed,
      })
      for (const row of result.rows) {
        expect(row, row.error).toMatchObject({ putExit: 0, getExit: 0, verified: true })
      }
      expect(result.rows).toHaveLength(4)
      expect(result.openUploads).toMatchObject({ cliExit: 0, cliLines: [], listed: [] })
      const injected = Object.values(jss.counters.faultsInjected).reduce((a, b) => a + b, 0)
      console.info(
        'faults injected',
        jss.counters.faultsInjected,
        'requests',
        jss.counters.requests,
      )
      // The seeds are chosen so that faults do happen (the run proves something).
      expect(injected).toBeGreaterThan(0)
    }, 120_000)
  }
})
