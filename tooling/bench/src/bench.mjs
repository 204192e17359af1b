#!/usr/bin/env node
// pnpm bench [all|chunker|put|memory|long-stream|get|get-memory|receive|concurrent|profile]… [--quick] [--runs N] [--out FILE]
// Measures jss-stream against its peers side by side on this machine and writes docs/benchmarks.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { measureChunker } from './chunker.mjs'
import { CONCURRENT_FULL, CONCURRENT_QUICK, measureConcurrent } from './concurrent.mjs'
import { measureGet } from './get.mjs'
import { keepNotes } from './kept-notes.mjs'
import { measureLongStream } from './long-stream.mjs'
import { measureGetMemory, measureMemory } from './memory.mjs'
import { profilePut } from './profile.mjs'
import { measurePut } from './put.mjs'
import { measureReceive } from './receive.mjs'
import { renderReport } from './report.mjs'
import { GiB, MiB } from './stats.mjs'

const usage = `usage: pnpm bench [all|chunker|put|memory|long-stream|get|get-memory|receive|concurrent|profile]… [--quick] [--runs N] [--out FILE]

  chunker     64 KiB reads cut into parts, in process: splitStream against its peers
  put         jss-stream put against lib-storage and curl into the discard server, and into jss-local
  memory      peak RSS of jss-stream put at 1, 4 and 16 GiB (and 64 MiB parts) into the discard server
  long-stream one stream of 2, 16 and 32 GiB through jss-stream put at defaults into the discard
             server, the sizes alternating: seconds, MB/s, rate over the 2 GiB rate, peak RSS, CPU
  get         jss-stream get (verified, --no-verify) against curl and curl | md5sum, from jss-local
  get-memory  peak RSS of jss-stream get at 1, 4 and 16 GiB from jss-local (uploads them first)
  receive     CPU-seconds and seconds of a client taking in one 1 GiB response from a minimal Node
             server: undici request, undici dispatch (and with a copy per chunk), net.Socket onread,
             curl; and the server's CPU-seconds
  concurrent  N concurrent 128 MiB uploads in one process (N = 1, 4, 16, 64, 256) into the discard
             server: the shared uploader of @jss/stream, N × uploadStream, N × lib-storage Upload
  profile     a CPU profile of jss-stream put

  --quick    256 MiB streams instead of 2 GiB (memory and get-memory: 256 MiB, 512 MiB, 1 GiB
             instead of 1, 4, 16 GiB; long-stream: 2 and 16 GiB; concurrent: N = 1, 4, 16 of 32 MiB;
             receive: 256 MiB instead of 1 GiB)
  --runs N   rounds of each alternating comparison (default 5, quick 3)
  --out F    where the report goes (default: docs/benchmarks.md at the repository root for a full run;
             printed to stdout for a run of some sections, so that it never replaces the full report);
             what the file holds from its hand-written marker on (kept-notes.mjs) is kept`

let parsed
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
} catch (error) {
  console.error(`${error.message}\n\n${usage}`)
  process.exit(2)
}
if (parsed.values.help) {
  console.log(usage)
  process.exit(0)
}
const known = [
  'all',
  'chunker',
  'put',
  'memory',
  'long-stream',
  'get',
  'get-memory',
  'receive',
  'concurrent',
  'profile',
]
const wanted = parsed.positionals.length ? parsed.positionals : ['all']
const unknown = wanted.find((w) => !known.includes(w))
if (unknown) {
  console.error(`unknown benchmark "${unknown}"\n\n${usage}`)
  process.exit(2)
}
const on = (name) => wanted.includes('all') || wanted.includes(name)
const quick = parsed.values.quick
const runs = parsed.values.runs ? Number(parsed.values.runs) : quick ? 3 : 5
if (!Number.isInteger(runs) || runs < 1) {
  console.error('--runs must be a positive integer')
  process.exit(2)
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const full = wanted.includes('all') || known.slice(1).every((name) => wanted.includes(name))
const out = parsed.values.out ?? (full ? join(root, 'docs', 'benchmarks.md') : undefined)
const log = (line) => console.error(line)
const stream = quick ? 256 * MiB : 2 * GiB
const flags = `${quick ? ' --quick' : ''}${parsed.values.runs ? ` --runs ${runs}` : ''}`
const settings = {
  quick,
  runs,
  stream,
  runsGiven: parsed.values.runs !== undefined,
  fullStream: 2 * GiB,
  command: `pnpm bench ${wanted.join(' ')}${flags}`,
}
const memorySizes = quick ? [256 * MiB, 512 * MiB, GiB] : [GiB, 4 * GiB, 16 * GiB]

const results = { settings }
const started = Date.now()
if (on('chunker'))
  results.chunker = await measureChunker({
    bytes: quick ? 256 * MiB : GiB,
    partSizes: [8 * MiB, 64 * MiB],
    runs,
    quick,
    log,
  })
if (on('put')) results.put = await measurePut({ bytes: stream, runs, log })
if (on('memory')) results.memory = await measureMemory({ sizes: memorySizes, log })
if (on('long-stream'))
  results.longStream = await measureLongStream({
    sizes: quick ? [2 * GiB, 16 * GiB] : [2 * GiB, 16 * GiB, 32 * GiB],
    // each round of the full run moves 50 GiB: three rounds unless told
    runs: parsed.values.runs ? runs : 3,
    log,
  })
if (on('get')) results.get = await measureGet({ bytes: stream, runs, log })
if (on('get-memory')) results.getMemory = await measureGetMemory({ sizes: memorySizes, log })
if (on('receive'))
  results.receive = await measureReceive({ bytes: quick ? 256 * MiB : GiB, runs, log })
if (on('concurrent'))
  results.concurrent = await measureConcurrent({
    ...(quick ? CONCURRENT_QUICK : CONCURRENT_FULL),
    log,
  })
if (on('profile')) results.profile = await profilePut({ bytes: quick ? 256 * MiB : GiB, log })
results.seconds = (Date.now() - started) / 1000

const report = await renderReport(results)
if (out === undefined) {
  process.stdout.write(report)
  log(`measured in ${results.seconds.toFixed(0)} s (pass --out FILE to write the report to a file)`)
} else {
  // the hand-written runs below the marker of the file there stay (kept-notes.mjs)
  const previous = existsSync(out) ? readFileSync(out, 'utf8') : undefined
  writeFileSync(out, keepNotes(report, previous))
  log(`wrote ${out} in ${results.seconds.toFixed(0)} s`)
}
const failed = [
  ...(results.put ? [...results.put.discard, ...results.put.local] : []),
  ...(results.longStream?.rows ?? []),
  ...(results.get?.rows ?? []),
  ...(results.receive ? [...results.receive.rows, results.receive.jssLocal] : []),
  ...(results.concurrent?.rows ?? []).map((row) => ({
    ...row,
    name: `${row.name} at N = ${row.count}`,
  })),
].filter((row) => row.failure !== undefined && !row.skipped)
if (failed.length) {
  log(`FAILED contenders (marked in the report): ${failed.map((row) => row.name).join('; ')}`)
  process.exitCode = 1
}
