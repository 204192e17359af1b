// Memory: peak RSS of `jss-stream put` (VmHWM, worker threads included) for growing streams at default
// settings — it must stay flat — and at 64 MiB parts.
import { binOf, runPipeline, startDiscard } from './processes.mjs'

export async function measureMemory({ sizes, log }) {
  const server = await startDiscard()
  const env = {
    JSS_ENDPOINT: server.endpoint,
    JSS_ACCESS_KEY: 'bench',
    JSS_SECRET_KEY: 'bench-secret',
  }
  const cases = [
    ...sizes.map((bytes) => ({ bytes, label: 'defaults', extra: [] })),
    { bytes: sizes[1] ?? sizes[0], label: '--part-size 64MiB', extra: ['--part-size', '64MiB'] },
  ]
  const rows = []
  try {
    for (const [i, c] of cases.entries()) {
      const { seconds, peakRss } = await runPipeline({
        bytes: c.bytes,
        command: process.execPath,
        args: [binOf('jss-stream'), 'put', `bench/mem-${i}`, '--no-progress', ...c.extra],
        env,
      })
      log(
        `  memory ${c.label} ${c.bytes} B: peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB in ${seconds.toFixed(1)} s`,
      )
      rows.push({ ...c, seconds, peakRss })
    }
  } finally {
    await server.stop()
  }
  return rows
}
