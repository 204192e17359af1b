// Concurrent uploads in one process: N uploads at once of the same size into the discard server, for
// growing N, by the shared uploader of @jss/stream, by N separate uploadStream calls, and by N
// lib-storage Uploads; each (contender, N) in its own child process (concurrent-child.mjs), whose
// seconds, peak RSS and thread count are reported.
import { freemem } from 'node:os'
import { join } from 'node:path'
import { runPipeline, startDiscard } from './processes.mjs'
import { formatBytes, MiB, mbPerSecond } from './stats.mjs'

const child = join(new URL('.', import.meta.url).pathname, 'concurrent-child.mjs')

/**
 * The contenders; `memory(n)` is a rough peak RSS estimate, to skip a run the machine cannot hold
 * (rather than have the kernel kill it, or something else).
 */
export const CONCURRENT_CONTENDERS = [
  {
    id: 'uploader',
    name: 'shared uploader (createUploader, memoryLimit 256 MiB, concurrency 4)',
    memory: () => 512 * MiB,
  },
  {
    id: 'upload-stream',
    name: 'N × uploadStream (defaults)',
    // Each at its default memoryLimit, (4 + 1) × 8 MiB, plus Node: measured 11.7 GiB at N = 256.
    memory: (n) => n * 48 * MiB + 256 * MiB,
  },
  {
    id: 'lib-storage',
    name: 'N × lib-storage Upload (8 MiB parts, queueSize 4)',
    // Measured: 14.3 GiB at N = 256 × 128 MiB (about 57 MiB an upload).
    memory: (n) => n * 60 * MiB + 256 * MiB,
  },
]

/** Runs one (contender, N) in its own child process; resolves with its row. */
async function runOne(contender, { server, count, bytes, log }) {
  const row = { id: contender.id, name: contender.name, count, bytes }
  const needed = contender.memory(count)
  const available = freemem()
  if (needed > available) {
    row.skipped = true
    row.failure = `skipped: needs about ${formatBytes(needed)}, ${formatBytes(available)} available`
    log(`  concurrent N=${count} ${contender.id}: ${row.failure}`)
    return row
  }
  try {
    const result = await runPipeline({
      command: process.execPath,
      args: [child, contender.id, server.endpoint, String(count), String(bytes)],
      env: { NODE_NO_WARNINGS: '1' },
      stdout: 'capture',
    })
    const own = JSON.parse(result.stdout.trim().split('\n').at(-1))
    Object.assign(row, {
      seconds: own.seconds,
      mbps: mbPerSecond(count * bytes, own.seconds),
      peakRss: Math.max(own.peakRss, result.peakRss),
      threads: Math.max(own.threads, result.threads),
    })
    log(
      `  concurrent N=${count} ${contender.id}: ${row.seconds.toFixed(2)} s, ${row.mbps.toFixed(0)} MB/s, peak RSS ${(row.peakRss / MiB).toFixed(0)} MiB, ${row.threads} threads`,
    )
  } catch (error) {
    row.failure = error.reason ?? error.message
    log(`  concurrent N=${count} ${contender.id}: FAILED: ${error.message}`)
  }
  return row
}

/**
 * For each N of `counts`, runs every contender once with N uploads of `bytes` each at once (in turn:
 * A B C for N = 1, then A B C for the next N, …). Returns `{ bytes, counts, rows }`.
 */
export async function measureConcurrent({ counts, bytes, log }) {
  const server = await startDiscard()
  const rows = []
  try {
    for (const count of counts)
      for (const contender of CONCURRENT_CONTENDERS)
        rows.push(await runOne(contender, { server, count, bytes, log }))
  } finally {
    await server.stop()
  }
  return { bytes, counts, rows }
}

export const CONCURRENT_FULL = { counts: [1, 4, 16, 64, 256], bytes: 128 * MiB }
export const CONCURRENT_QUICK = { counts: [1, 4, 16], bytes: 32 * MiB }
