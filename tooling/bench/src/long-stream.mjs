// One stream from 2 to 32 GiB: `jss-stream put` at default settings into the discard server (JSS
// dialect), one growing stream per run, sizes alternating within each round. Past 13.5 GiB the part
// schedule doubles the parts beyond the memory budget, so the long streams end in spooled parts: the
// rate must not fall with the size, nor the peak RSS grow.
import { readFileSync } from 'node:fs'
import { binOf, jssEnv, runPipeline, startDiscard } from './processes.mjs'
import { alternateRounds, throughputRow } from './rounds.mjs'
import { MiB, summarize } from './stats.mjs'

/** Dirty + Writeback of /proc/meminfo, bytes (0 where it cannot be read). */
function dirtyBytes() {
  try {
    const info = readFileSync('/proc/meminfo', 'utf8')
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(info)?.[1] ?? 0)
    return (kb('Dirty') + kb('Writeback')) * 1024
  } catch {
    return 0
  }
}

/** Runs `pipeline`, sampling the machine's dirty page cache meanwhile; resolves with both. */
async function runSampled(pipeline) {
  let dirty = dirtyBytes()
  const timer = setInterval(() => {
    dirty = Math.max(dirty, dirtyBytes())
  }, 100)
  try {
    return { ...(await runPipeline(pipeline)), dirty }
  } finally {
    clearInterval(timer)
  }
}

/**
 * `runs` rounds of one `jss-stream put` per size of `sizes` at defaults into the discard server,
 * alternating within each round. Returns `{ sizes, rows }`: per size seconds and MB/s (median,
 * min–max), the per-round ratio of its rate to the first size's, peak RSS (the highest of the rounds),
 * CPU seconds of the CLI (median) and the most dirty page cache seen (Dirty + Writeback).
 */
export async function measureLongStream({ sizes, runs, log }) {
  const server = await startDiscard()
  const samples = sizes.map(() => [])
  try {
    const contenders = sizes.map((bytes, index) => ({
      name: `${bytes} B`,
      label: 'long-stream round',
      run: async (round) => {
        const result = await runSampled({
          bytes,
          command: process.execPath,
          args: [binOf('jss-stream'), 'put', `bench/long-${index}-${round}`, '--no-progress'],
          env: jssEnv(server),
        })
        samples[index].push(result)
        log(
          `    peak RSS ${(result.peakRss / MiB).toFixed(0)} MiB, CPU ${result.cpuSeconds.toFixed(1)} s, dirty ≤ ${(result.dirty / MiB).toFixed(0)} MiB`,
        )
        return result.seconds
      },
    }))
    const { times, failures } = await alternateRounds({ contenders, runs, log })
    const rows = sizes.map((bytes, index) => {
      const row = throughputRow(`${bytes} B`, bytes, times[index], failures[index])
      if (row.seconds === undefined) return { ...row, bytes }
      const mine = samples[index]
      const rounds = Math.min(times[0].length, times[index].length)
      // rate over the first size's rate in the same round: (bytes / t) / (first / t0)
      const ratios = Array.from(
        { length: rounds },
        (_, round) => bytes / times[index][round] / (sizes[0] / times[0][round]),
      )
      return {
        ...row,
        bytes,
        ratioToFirst: failures[0] === undefined && rounds > 0 ? summarize(ratios) : undefined,
        peakRss: Math.max(...mine.map((s) => s.peakRss)),
        cpuSeconds: summarize(mine.map((s) => s.cpuSeconds)),
        dirty: Math.max(...mine.map((s) => s.dirty)),
      }
    })
    return { sizes, runs, rows }
  } finally {
    await server.stop()
  }
}
