// A CPU profile of the hot path: `node --cpu-prof` on `jss-stream put` into the discard server; the
// main thread's and every worker's profile are summed by function (self time).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { binOf, runPipeline, startDiscard } from './processes.mjs'

export async function profilePut({ bytes, log }) {
  const server = await startDiscard()
  const dir = mkdtempSync(join(tmpdir(), 'jss-prof-'))
  try {
    await runPipeline({
      bytes,
      command: process.execPath,
      args: [
        '--cpu-prof',
        '--cpu-prof-dir',
        dir,
        binOf('jss-stream'),
        'put',
        'bench/profile',
        '--no-progress',
      ],
      env: {
        JSS_ENDPOINT: server.endpoint,
        JSS_ACCESS_KEY: 'bench',
        JSS_SECRET_KEY: 'bench-secret',
      },
    })
    const totals = new Map()
    let all = 0
    const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
    for (const file of files) {
      const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'))
      const byId = new Map(profile.nodes.map((node) => [node.id, node]))
      const deltas = profile.timeDeltas
      for (const [i, id] of profile.samples.entries()) {
        const node = byId.get(id)
        const frame = node.callFrame
        const where = frame.url ? `${basename(frame.url)}:${frame.lineNumber + 1}` : ''
        const name = `${frame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`
        const micros = deltas[i] ?? 0
        totals.set(name, (totals.get(name) ?? 0) + micros)
        all += micros
      }
    }
    const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 15)
    log(`  profile: ${files.length} profiles (main thread + workers)`)
    return {
      threads: files.length,
      totalMs: all / 1000,
      top: top.map(([name, micros]) => ({ name, ms: micros / 1000, share: micros / all })),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await server.stop()
  }
}
