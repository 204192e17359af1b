// Memory: peak RSS (VmHWM, worker threads included, sampled by runPipeline) of `jss-stream put` into
// the discard server for growing streams at default settings — it must stay flat — and at 64 MiB
// parts; and of `jss-stream get` from jss-local to /dev/null for growing objects at default settings.
import { checkGetSummary, uploadObject } from './get.mjs'
import { binOf, capture, jssEnv, runPipeline, startDiscard, startJssLocal } from './processes.mjs'
import { MiB } from './stats.mjs'

/** Runs one pipeline, samples its consumer's peak RSS and logs it; resolves with the row. */
async function samplePeak(row, pipeline, log) {
  const result = await runPipeline(pipeline)
  log(
    `  ${row.section} ${row.label} ${row.bytes} B: peak RSS ${(result.peakRss / MiB).toFixed(0)} MiB in ${result.seconds.toFixed(1)} s`,
  )
  return { row: { ...row, seconds: result.seconds, peakRss: result.peakRss }, result }
}

/** Peak RSS of `jss-stream put` at `sizes` (defaults), and at 64 MiB parts for the second size. */
export async function measureMemory({ sizes, log }) {
  const server = await startDiscard()
  const cases = [
    ...sizes.map((bytes) => ({ bytes, label: 'defaults', extra: [] })),
    { bytes: sizes[1] ?? sizes[0], label: '--part-size 64MiB', extra: ['--part-size', '64MiB'] },
  ]
  const rows = []
  try {
    for (const [i, { extra, ...c }] of cases.entries()) {
      const args = [binOf('jss-stream'), 'put', `bench/mem-${i}`, '--no-progress', ...extra]
      const pipeline = { bytes: c.bytes, command: process.execPath, args, env: jssEnv(server) }
      const { row } = await samplePeak({ section: 'memory', ...c }, pipeline, log)
      rows.push(row)
    }
  } finally {
    await server.stop()
  }
  return rows
}

/**
 * Peak RSS of `jss-stream get > /dev/null` at defaults, of objects of `sizes` in jss-local: each
 * uploaded from a generated pipe with `jss-stream put` at defaults, downloaded once, then deleted
 * (and jss-local's data directory with it at the end).
 */
export async function measureGetMemory({ sizes, log }) {
  const server = await startJssLocal()
  const env = jssEnv(server)
  const cli = binOf('jss-stream')
  const rows = []
  try {
    for (const [i, bytes] of sizes.entries()) {
      const target = `bench/get-mem-${i}`
      const upload = await uploadObject({ env, target, bytes })
      log(`  get-memory: uploaded ${bytes} B in ${upload.toFixed(1)} s`)
      const pipeline = { command: process.execPath, args: [cli, 'get', target, '--json'], env }
      const { row, result } = await samplePeak(
        { section: 'get-memory', bytes, label: 'defaults' },
        pipeline,
        log,
      )
      // Only the size is a condition here; how the body was checked is reported.
      const { verified } = checkGetSummary(result.stderr, bytes, { verified: false })
      rows.push({ ...row, checked: verified })
      await capture(process.execPath, [cli, 'rm', target], env)
    }
  } finally {
    await server.stop()
  }
  return rows
}
