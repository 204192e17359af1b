// `pnpm test:soak`: 50 uploads of random sizes 0–300 MiB piped into the built `jss-stream put`
// (5 MiB parts) against jss-local with 10% of requests faulted, each read back with `jss-stream get`
// and compared by SHA-256; then no open upload may remain. Prints the seeds and a table; exits 0 only
// when every upload verified and nothing is left open. Bounded: --count uploads, --minutes wall time.
//
//   node src/soak.mjs [--count 50] [--max-mib 300] [--rate 0.1] [--seed 9] [--minutes 90] [--skip-silent]
import { rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { startJssLocal } from 'jss-local'
import { cliEnv, runCli } from './harness.mjs'
import { faultSpec, runSoak } from './soak-core.mjs'

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '50' },
    'max-mib': { type: 'string', default: '300' },
    rate: { type: 'string', default: '0.1' },
    seed: { type: 'string', default: '9' },
    minutes: { type: 'string', default: '90' },
    'skip-silent': { type: 'boolean', default: false },
  },
})
const count = Number(values.count)
const maxSize = Math.round(Number(values['max-mib']) * 1024 * 1024)
const rate = Number(values.rate)
const seed = Number(values.seed)
const deadline = Date.now() + Number(values.minutes) * 60_000
const faults = faultSpec(rate)

const jss = await startJssLocal({ buckets: ['soak'], faults, faultSeed: seed })
const hardStop = setTimeout(
  () => {
    console.error('soak: hard time limit reached, stopping')
    process.exit(3)
  },
  Number(values.minutes) * 60_000 + 20 * 60_000,
)
hardStop.unref()

// Beside the uploads: the CLI against a server that accepts connections and never answers (the CLI
// has no timeout flag; its protocol defaults are a 60 s request timeout × 6 attempts). It must
// exit 1 by itself, in bounded time.
const silentSockets = new Set()
const silent = createServer((socket) => {
  silentSockets.add(socket)
  socket.on('error', () => {})
}).listen(0, '127.0.0.1')
await new Promise((resolve) => silent.once('listening', resolve))
const silentEnv = cliEnv({
  endpoint: `http://127.0.0.1:${silent.address().port}`,
  credentials: { accessKey: 'AK', secretKey: 'never-printed' },
})
const silentRuns = (values['skip-silent'] ? [] : ['ls', 'put']).map(async (command) => {
  const t = Date.now()
  const result = await runCli([command, 'bkt/x'], silentEnv, 'hello')
  return {
    command,
    code: result.code,
    seconds: (Date.now() - t) / 1000,
    last: result.stderr.trim().split('\n').at(-1),
  }
})

const started = new Date()
console.log(`jss-stream soak — ${started.toISOString()} — node ${process.version}`)
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
)
console.log(
  `uploads: ${count} of 0–${values['max-mib']} MiB, part size 5 MiB, jss-local min part size 5 MiB (default)`,
)
console.log(
  `fault seed: ${seed} (size seed ${seed}, data seeds ${seed * 1000}+i), fault rate ${rate}`,
)
console.log(`faults: ${faults}`)
console.log('')
console.log('  #       size  put s  requests  retries  verified')

let bytes = 0
try {
  const result = await runSoak({
    server: jss,
    bucket: 'soak',
    count,
    maxSize,
    seed,
    deadline,
    log: (row) => {
      bytes += row.size
      console.log(
        `${String(row.i).padStart(3)} ${String(row.size).padStart(10)} ${row.putSeconds.toFixed(1).padStart(6)} ${String(row.requests).padStart(9)} ${String(row.retries).padStart(8)}  ${row.verified ? 'yes' : `NO: ${row.error}`}`,
      )
    },
  })
  const c = jss.counters
  const injected = Object.entries(c.faultsInjected)
  const total = injected.reduce((a, [, n]) => a + n, 0)
  const retries = result.rows.reduce((a, r) => a + r.retries, 0)
  const verified = result.rows.filter((r) => r.verified).length
  const open = result.openUploads.listed.length + result.openUploads.cliLines.length
  const seconds = (Date.now() - started.getTime()) / 1000
  console.log('')
  console.log('| measure | value |')
  console.log('| --- | --- |')
  console.log(`| uploads run / asked | ${result.rows.length} / ${count} |`)
  console.log(`| uploads verified (SHA-256 via jss-stream get) | ${verified} |`)
  console.log(`| bytes uploaded | ${bytes} (${(bytes / 2 ** 30).toFixed(2)} GiB) |`)
  console.log(`| server requests | ${c.requests} |`)
  console.log(
    `| faults injected | ${total} (${injected.map(([k, n]) => `${k}: ${n}`).join(', ')}) |`,
  )
  console.log(
    `| fault share of requests | ${((100 * total) / Math.max(1, c.requests)).toFixed(1)}% |`,
  )
  console.log(`| client retries (attempt > 1 in --verbose lines) | ${retries} |`)
  console.log(
    `| open uploads left (jss-stream uploads / listMultipartUploads) | ${result.openUploads.cliLines.length} / ${result.openUploads.listed.length} |`,
  )
  console.log(`| wall time | ${seconds.toFixed(0)} s |`)
  console.log(
    `| operations | ${Object.entries(c.operations)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')} |`,
  )
  console.log('')
  console.log('never-answering server (waiting for the CLI to give up by itself):')
  const silentResults = await Promise.all(silentRuns)
  for (const r of silentResults) {
    console.log(
      `  jss-stream ${r.command}: exit ${r.code} after ${r.seconds.toFixed(0)} s — ${r.last}`,
    )
  }
  const silentOk = silentResults.every((r) => r.code === 1)
  const ok = verified === result.rows.length && open === 0 && result.rows.length > 0 && silentOk
  console.log(ok ? '\nsoak: PASS' : '\nsoak: FAIL')
  process.exitCode = ok ? 0 : 1
} finally {
  for (const socket of silentSockets) socket.destroy()
  silent.close()
  const data = jss.data
  await jss.close()
  await rm(data, { recursive: true, force: true })
}
