// Get: one object uploaded once into jss-local with `jss-stream put`, then downloaded to /dev/null by
// `jss-stream get` (verified, and --no-verify) and by curl of a presigned URL (alone, and into md5sum),
// alternating; per-round ratios against the two curl baselines.
import { binOf, capture, jssEnv, runPipeline, startJssLocal } from './processes.mjs'
import { alternateRounds, contenderRatio, throughputRow } from './rounds.mjs'

const key = 'bench/get-object'
export const getConcurrency = 4

/** Uploads `bytes` from a generated pipe to `target` with `jss-stream put` at defaults; resolves with its seconds. */
export async function uploadObject({ env, target, bytes }) {
  const { seconds } = await runPipeline({
    bytes,
    command: process.execPath,
    args: [binOf('jss-stream'), 'put', target, '--no-progress'],
    env,
  })
  return seconds
}

/**
 * The `--json` line `jss-stream get` printed on stderr, checked: the whole object (`bytes`) came, and
 * with `verified` it was checked against the ETag by MD5 (`md5` or `parts`, not just its size).
 */
export function checkGetSummary(stderr, bytes, { verified }) {
  const line = stderr.trim().split('\n').at(-1) ?? ''
  let summary
  try {
    summary = JSON.parse(line)
  } catch {
    throw new Error(`no --json line on stderr: ${stderr.trim().slice(-500)}`)
  }
  if (summary.size !== bytes) throw new Error(`got ${summary.size} bytes, not ${bytes}`)
  if (verified && !['md5', 'parts'].includes(summary.verified))
    throw new Error(`verified "${summary.verified}", not by MD5 ("md5" or "parts")`)
  return summary
}

/** The contenders: `{ id, name, command, args, stdout?, check(result) → what was checked }`. */
export function getContenders({ url, bytes }) {
  const cli = binOf('jss-stream')
  const jss = (extra, verified) => ({
    command: process.execPath,
    args: [cli, 'get', key, '--concurrency', String(getConcurrency), '--json', ...extra],
    check: ({ stderr }) => `\`${checkGetSummary(stderr, bytes, { verified }).verified}\``,
  })
  const digests = new Set()
  return [
    { id: 'verified', name: 'jss-stream get > /dev/null (verified)', ...jss([], true) },
    { id: 'noVerify', name: 'jss-stream get --no-verify > /dev/null', ...jss(['--no-verify']) },
    {
      id: 'curl',
      name: 'curl (presigned GET) -o /dev/null',
      command: 'curl',
      args: ['-sS', '-f', url, '-o', '/dev/null', '-w', '%{size_download}'],
      stdout: 'capture',
      check: ({ stdout }) => {
        if (Number(stdout) !== bytes) throw new Error(`curl got ${stdout} bytes, not ${bytes}`)
        return 'nothing'
      },
    },
    {
      id: 'curlMd5',
      name: 'curl (presigned GET) | md5sum',
      command: 'bash',
      args: ['-o', 'pipefail', '-c', 'curl -sS -f "$1" | md5sum', 'bash', url],
      stdout: 'capture',
      check: ({ stdout }) => {
        digests.add(stdout.split(' ')[0])
        if (digests.size > 1)
          throw new Error(`md5sum digests differ between rounds: ${[...digests]}`)
        return 'MD5 computed, the same every round'
      },
    },
  ]
}

/** Runs `runs` alternating rounds of the get contenders on one `bytes` object in jss-local. */
export async function measureGet({ bytes, runs, log }) {
  const server = await startJssLocal()
  const env = jssEnv(server)
  try {
    const uploadSeconds = await uploadObject({ env, target: key, bytes })
    log(`  get: uploaded ${bytes} B with jss-stream put in ${uploadSeconds.toFixed(1)} s`)
    const url = await capture(
      process.execPath,
      [binOf('jss-stream'), 'presign', key, '--expires', '1h'],
      env,
    )
    const contenders = getContenders({ url, bytes })
    const checks = contenders.map(() => undefined)
    const { times, failures } = await alternateRounds({
      contenders: contenders.map((contender, index) => ({
        name: contender.name,
        label: 'get round',
        run: async () => {
          const result = await runPipeline({ ...contender, env })
          checks[index] = contender.check(result)
          return result.seconds
        },
      })),
      runs,
      log,
    })
    return summarizeGet(contenders, { bytes, times, failures, checks })
  } finally {
    await server.stop()
  }
}

/** Rows per contender and the two per-round ratios of the targets. */
function summarizeGet(contenders, { bytes, checks, ...measured }) {
  const { times, failures } = measured
  const at = (id) => contenders.findIndex((contender) => contender.id === id)
  const rows = contenders.map((contender, index) => ({
    ...throughputRow(contender.name, bytes, times[index], failures[index]),
    checked: checks[index],
  }))
  return {
    bytes,
    concurrency: getConcurrency,
    rows,
    // Throughput of the verified get over that of curl | md5sum: their times, inverted.
    verifiedVsMd5sum: contenderRatio(measured, at('curlMd5'), at('verified')),
    // Time of get --no-verify over curl's.
    noVerifyVsCurl: contenderRatio(measured, at('noVerify'), at('curl')),
  }
}
