// docs/benchmarks.md from one run's results: machine, versions, commands, medians, min–max, ratios.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, release, totalmem } from 'node:os'
import { formatBytes, MiB } from './stats.mjs'

const require = createRequire(import.meta.url)
const version = (name) =>
  JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version
const fixed = (n, digits = 0) => n.toFixed(digits)
const range = (r, digits = 0) =>
  `${fixed(r.median, digits)} (${fixed(r.min, digits)}–${fixed(r.max, digits)})`

function machine() {
  let curl = 'not found'
  try {
    curl = execFileSync('curl', ['--version'], { encoding: 'utf8' }).split('\n')[0]
  } catch {}
  return [
    `- CPU: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}; memory ${formatBytes(totalmem())}; Linux ${release()}`,
    `- Node ${process.version}; jss-stream ${version('jss-stream')}; @aws-sdk/lib-storage ${version('@aws-sdk/lib-storage')}; stream-chunker ${version('stream-chunker')}; undici ${version('undici')}; ${curl}`,
    '- Everything on loopback on this one machine: the source pipe, the uploader, and the server share its cores.',
  ].join('\n')
}

/** The memory target of a put row: (concurrency + 1) × partSize + 80 MiB, concurrency 4. */
const memoryBound = (row) => 5 * (row.label === 'defaults' ? 8 : 64) * MiB + 80 * MiB

/** Text for a table cell: on one line, its pipes escaped. */
const cell = (text) => text.replaceAll('|', '\\|').replace(/\s+/g, ' ')

/** A table cell for a contender that failed: its reason. */
const failureCell = (failure) => `**failed**: ${cell(failure.slice(0, 300))}`

/** A per-round ratio as `1.23× (1.10–1.40)`. */
const ratioText = (ratio) =>
  ratio ? `${fixed(ratio.median, 2)}× (${fixed(ratio.min, 2)}–${fixed(ratio.max, 2)})` : '—'

/** `Reproduce this section: …`, with this run's --quick, and its --runs for a section of rounds. */
const reproduce = (settings, section, { rounds = true } = {}) =>
  `Reproduce this section: \`npx --yes pnpm@10.34.9 bench ${section}${settings.quick ? ' --quick' : ''}${rounds && settings.runsGiven ? ` --runs ${settings.runs}` : ''}\`.`

/**
 * The verdict on one target: met or not met on a full run; on a quick run the value with what it
 * would be, the target being judged on the full run; not measured when a contender failed.
 */
function targetLine(settings, { what, ratio, met, failed }) {
  if (ratio === undefined) return `Target: ${what} — **not measured** (${failed} failed).`
  const value = `${fixed(ratio.median, 2)}× median of per-round ratios`
  if (settings.quick)
    return `Target: ${what}, judged on the full run's ${formatBytes(settings.fullStream)} — here ${value}, where start-up weighs more: ${met(ratio.median) ? 'met' : 'not met'} on this quick run.`
  return `Target: ${what} — **${met(ratio.median) ? 'met' : 'not met'}** (${value}).`
}

/** A put table; the last column is the per-round ratio `ratio.of(row)`, headed `ratio.title`. */
function putTable(
  rows,
  bytes,
  ratio = { title: 'speed vs lib-storage', of: (row) => row.ratioToPeer },
) {
  const lines = [
    `| contender | seconds, median (min–max) | MB/s, median (min–max) | ${ratio.title} (per round) |`,
    '| --- | --- | --- | --- |',
  ]
  for (const row of rows) {
    if (row.failure) lines.push(`| ${cell(row.name)} | ${failureCell(row.failure)} | — | — |`)
    else
      lines.push(
        `| ${cell(row.name)} | ${range(row.seconds, 2)} | ${range(row.mbps)} | ${ratioText(ratio.of(row))} |`,
      )
  }
  return `${formatBytes(bytes)} from a pipe, 8 MiB parts, concurrency 4.\n\n${lines.join('\n')}`
}

/** The put sections: into the discard server, and into jss-local in the same rounds. */
function putSections(put, settings) {
  const ours = put.discard.find((row) => row.name.startsWith('jss-stream'))
  return [
    '',
    '## Put, end to end: discard server',
    '',
    'The discard server answers the JSS and S3 multipart dialects and stores nothing.',
    '',
    putTable(put.discard, settings.stream),
    '',
    targetLine(settings, {
      what: "jss-stream at least 1.8× lib-storage's throughput",
      ratio: ours.ratioToPeer,
      met: (value) => value >= 1.8,
      failed: 'jss-stream put or lib-storage',
    }),
    '',
    reproduce(settings, 'put'),
    '',
    '## Put, end to end: jss-local',
    '',
    'jss-local hashes (MD5) and stores every byte. Measured in the same rounds as the discard server:',
    'each round runs the contenders above, then `jss-stream put` into jss-local (the object is deleted',
    'after each round, untimed).',
    '',
    putTable(put.local, settings.stream, {
      title: 'speed vs put into the discard server',
      of: () => put.localVsDiscard,
    }),
    '',
    targetLine(settings, {
      what: 'jss-stream put into jss-local at least 0.7× its throughput into the discard server',
      ratio: put.localVsDiscard,
      met: (value) => value >= 0.7,
      failed: 'jss-stream put',
    }),
    '',
    reproduce(settings, 'put'),
  ]
}

/** A peak-RSS table: stream, settings, peak against `boundOf(row)`, seconds; and whether all are within. */
function memoryTable(rows, boundOf, extraColumn) {
  const extra = extraColumn ? ` ${extraColumn.title} |` : ''
  const lines = [
    `| stream | settings | peak RSS | bound (concurrency + 1) × partSize + 80 MiB | seconds |${extra}`,
    `| --- | --- | --- | --- | --- |${extra ? ' --- |' : ''}`,
  ]
  for (const row of rows) {
    const bound = boundOf(row)
    const extraCell = extraColumn ? ` ${extraColumn.cell(row)} |` : ''
    lines.push(
      `| ${formatBytes(row.bytes)} | ${row.label} | ${fixed(row.peakRss / MiB)} MiB | ${fixed(bound / MiB)} MiB ${row.peakRss <= bound ? '(within)' : '(**over**)'} | ${fixed(row.seconds, 1)} |${extraCell}`,
    )
  }
  return { table: lines.join('\n'), within: rows.every((row) => row.peakRss <= boundOf(row)) }
}

/** How far the peak moves across stream sizes at defaults, and the peak at each size. */
function spreadText(rows) {
  const defaults = rows.filter((row) => row.label === 'defaults')
  const peaks = defaults.map((row) => row.peakRss)
  const each = defaults.map((row) => `${formatBytes(row.bytes)}: ${fixed(row.peakRss / MiB)} MiB`)
  return `across stream sizes the peak moves by ${fixed((Math.max(...peaks) - Math.min(...peaks)) / MiB)} MiB (${each.join(', ')})`
}

function memorySection(rows, settings) {
  const { table, within } = memoryTable(rows, memoryBound)
  return [
    '',
    '## Memory: peak RSS of `jss-stream put`',
    '',
    'VmHWM of the process (Node, its worker threads and the part pool included), into the discard',
    'server, sampled every 25 ms. At default settings parts are 8 MiB up to 13.5 GiB; past that the',
    'part schedule doubles them, so the last parts of the 16 GiB stream (64 and 128 MiB) are larger than',
    'the pool and go through a spool file.',
    '',
    table,
    '',
    `Target: at most (concurrency + 1) × partSize + 80 MiB — **${within ? 'met' : 'not met'}**; ${spreadText(rows)}.`,
    '',
    reproduce(settings, 'memory', { rounds: false }),
  ]
}

/** The one-stream section: each size's rate against the first size's, peak RSS and CPU time. */
function longStreamSection(long, settings) {
  const lines = [
    '| stream | seconds, median (min–max) | MB/s, median (min–max) | rate vs 2 GiB (per round) | peak RSS | CPU s of the CLI, median | dirty + writeback, most |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ]
  for (const row of long.rows) {
    if (row.failure)
      lines.push(`| ${formatBytes(row.bytes)} | ${failureCell(row.failure)} | — | — | — | — | — |`)
    else
      lines.push(
        `| ${formatBytes(row.bytes)} | ${range(row.seconds, 2)} | ${range(row.mbps)} | ${ratioText(row.ratioToFirst)} | ${fixed(row.peakRss / MiB)} MiB | ${fixed(row.cpuSeconds.median, 1)} | ${fixed(row.dirty / MiB)} MiB |`,
      )
  }
  const last = long.rows.at(-1)
  const bound = memoryBound({ label: 'defaults' })
  const peak = Math.max(...long.rows.map((row) => row.peakRss ?? Number.POSITIVE_INFINITY))
  return [
    '',
    `## One stream from ${formatBytes(long.sizes[0])} to ${formatBytes(long.sizes.at(-1))}`,
    '',
    '`jss-stream put` at default settings (8 MiB parts, concurrency 4) of one stream from a generated pipe',
    'into the discard server (JSS dialect), the sizes alternating within each round. Past 13.5 GiB the',
    'part schedule doubles the parts every 10 parts; parts larger than the memory budget go through a',
    'spool file. The rate ratio is taken per round against the first size; CPU is user + system of the',
    'CLI (all threads); dirty + writeback is the most of /proc/meminfo seen during a run (the whole',
    'machine).',
    '',
    lines.join('\n'),
    '',
    targetLine(settings, {
      what: `the rate at ${formatBytes(last.bytes)} at least 0.9× the rate at ${formatBytes(long.sizes[0])}`,
      ratio: last.ratioToFirst,
      met: (value) => value >= 0.9,
      failed: 'a run',
    }),
    '',
    `Target: peak RSS at most ${fixed(bound / MiB)} MiB at every size — **${peak <= bound ? 'met' : 'not met'}** (highest ${fixed(peak / MiB)} MiB).`,
    '',
    reproduce(settings, 'long-stream'),
  ]
}

function getMemorySection(rows, settings) {
  const { table, within } = memoryTable(rows, () => memoryBound({ label: 'defaults' }), {
    title: 'checked (`verified` of `--json`)',
    cell: (row) => `\`${row.checked}\``,
  })
  return [
    '',
    '## Memory: peak RSS of `jss-stream get`',
    '',
    'VmHWM of `jss-stream get --json > /dev/null` at default settings (concurrency 4, 8 MiB parts),',
    'sampled every 25 ms, from jss-local. Each object is uploaded first from a generated pipe with',
    '`jss-stream put` at defaults (past 13.5 GiB its schedule doubles the parts, so the 16 GiB object',
    'ends with parts of 64 and 128 MiB), downloaded once, then deleted. The bound is taken at 8 MiB',
    'parts for every size: 120 MiB.',
    '',
    table,
    '',
    `Target: at most (4 + 1) × 8 MiB + 80 MiB = 120 MiB — **${within ? 'met' : 'not met'}**; ${spreadText(rows)}.`,
    '',
    reproduce(settings, 'get-memory', { rounds: false }),
  ]
}

function getSection(get, settings) {
  const lines = [
    '| contender | seconds, median (min–max) | MB/s, median (min–max) | checked |',
    '| --- | --- | --- | --- |',
  ]
  for (const row of get.rows) {
    if (row.failure) lines.push(`| ${cell(row.name)} | ${failureCell(row.failure)} | — | — |`)
    else
      lines.push(
        `| ${cell(row.name)} | ${range(row.seconds, 2)} | ${range(row.mbps)} | ${row.checked ?? '—'} |`,
      )
  }
  const failed = (...names) =>
    get.rows
      .filter((row) => row.failure && names.some((name) => row.name.startsWith(name)))
      .map((row) => `\`${row.name}\``)
      .join(' and ')
  return [
    '',
    `## Get: ${formatBytes(get.bytes)} object from jss-local`,
    '',
    `Uploaded once with \`jss-stream put\` at defaults, then downloaded to /dev/null by each contender in`,
    `every round. \`jss-stream get\` runs with \`--concurrency ${get.concurrency} --json\`; "checked" is the \`verified\` field of`,
    'its `--json` line (curl checks nothing; md5sum computes the digest, compared between rounds).',
    '',
    lines.join('\n'),
    '',
    `- verified \`jss-stream get\`, throughput over \`curl | md5sum\`'s, per round: ${ratioText(get.verifiedVsMd5sum)}`,
    `- \`jss-stream get --no-verify\`, time over \`curl -o /dev/null\`'s, per round: ${ratioText(get.noVerifyVsCurl)}`,
    '',
    targetLine(settings, {
      what: 'verified `jss-stream get` at least 1.8× the throughput of `curl | md5sum`',
      ratio: get.verifiedVsMd5sum,
      met: (value) => value >= 1.8,
      failed: failed('jss-stream get >', 'curl (presigned GET) |'),
    }),
    '',
    targetLine(settings, {
      what: '`jss-stream get --no-verify` within 1.25× the time of `curl -o /dev/null`',
      ratio: get.noVerifyVsCurl,
      met: (value) => value <= 1.25,
      failed: failed('jss-stream get --no-verify', 'curl (presigned GET) -o'),
    }),
    '',
    reproduce(settings, 'get'),
  ]
}

/** The 2-core floor of a receive row: (client + server CPU-s) / 2, over curl's seconds (per GiB). */
const floorOverCurl = (row, curl) =>
  (row.cpuPerGiB.median + row.serverPerGiB.median) / 2 / curl.secondsPerGiB.median

/**
 * What a client within 1.25× the time of curl's `row` may spend on 2 cores beside its server:
 * `{ allowed (s per GiB), together (CPU-s per GiB), server, budget }`, or undefined.
 */
function budgetOf(row) {
  if (row?.secondsPerGiB === undefined) return undefined
  const allowed = 1.25 * row.secondsPerGiB.median
  const server = row.serverPerGiB.median
  return { allowed, together: 2 * allowed, server, budget: 2 * allowed - server }
}

/** The budget as text: `2 × 1.25 × T − S = B`. */
const budgetText = ({ allowed, server, budget }) =>
  `2 × ${fixed(allowed, 2)} − ${fixed(server, 2)} = **${fixed(budget, 2)} CPU-s per GiB**`

/** The budget lines: from the send server, then from jss-local. */
function receiveBudget(receive) {
  const curl = receive.rows.find((row) => row.id === 'curl')
  const clients = receive.rows.filter((row) => row.cpuPerGiB !== undefined && row.id !== 'curl')
  const against = (budget) =>
    clients
      .map(
        (row) =>
          `\`${row.id}\` ${fixed(row.cpuPerGiB.median, 2)} (${row.cpuPerGiB.median <= budget ? 'within' : 'over'})`,
      )
      .join(', ') || 'none measured'
  const notComputed = (row) =>
    `**not computed** (${row?.skipped ? cell(row.failure) : `\`${row?.name ?? 'curl'}\` failed`})`
  const send = budgetOf(curl)
  const local = budgetOf(receive.jssLocal)
  return [
    "A client within 1.25× curl's time has 1.25 × T seconds per GiB (T: curl's median); on 2 cores",
    'client and server together then have at most 2 × 1.25 × T CPU-seconds per GiB, so the client at',
    "most 2 × 1.25 × T − S, S being the server's CPU-s per GiB in curl's rounds (and at most 1.25 × T",
    'on any one thread, such as the one that receives), with nothing else running on the machine:',
    '',
    send
      ? `- from the send server: T = ${fixed(curl.secondsPerGiB.median, 2)} s, S = ${fixed(send.server, 2)}; the client at most ${budgetText(send)} (${fixed(send.allowed, 2)} on one thread). Client CPU-s per GiB against it: ${against(send.budget)}.`
      : `- from the send server: ${notComputed(curl)}.`,
    local
      ? `- from jss-local: T = ${fixed(receive.jssLocal.secondsPerGiB.median, 2)} s, S = ${fixed(local.server, 2)} (its process, from /proc/<pid>/stat in 10 ms ticks); the client at most ${budgetText(local)} (${fixed(local.allowed, 2)} on one thread). The clients above, measured from the send server, against it: ${against(local.budget)}.`
      : `- from jss-local: ${notComputed(receive.jssLocal)}.`,
  ]
}

/** A row of the receive table; `floor` is its (client + server CPU) / 2 over curl's seconds, or '—'. */
function receiveRow(row, floor) {
  if (row.skipped)
    return `| ${cell(row.name)} | **skipped**: ${cell(row.failure.replace(/^skipped: /, ''))} | — | — | — | — | — |`
  if (row.failure) return `| ${cell(row.name)} | ${failureCell(row.failure)} | — | — | — | — | — |`
  return `| ${cell(row.name)} | ${range(row.cpuPerGiB, 2)} | ${range(row.secondsPerGiB, 2)} | ${range(row.mbps)} | ${range(row.serverPerGiB, 2)} | ${floor} | ${fixed(row.processCpu.median, 2)} |`
}

function receiveSection(receive, settings) {
  const curl = receive.rows.find((row) => row.id === 'curl' && row.secondsPerGiB !== undefined)
  const lines = [
    "| client | client CPU-s per GiB, median (min–max) | seconds per GiB, median (min–max) | MB/s, median (min–max) | server CPU-s per GiB, median (min–max) | (client + server CPU) / 2 over curl's seconds | client CPU-s of the whole process per run, start-up included, median |",
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...receive.rows.map((row) =>
      receiveRow(row, curl && row.cpuPerGiB ? `${fixed(floorOverCurl(row, curl), 2)}×` : '—'),
    ),
    receiveRow(receive.jssLocal, '—'),
  ]
  return [
    '',
    `## Receive: one ${formatBytes(receive.bytes)} response, client and server CPU`,
    '',
    'The send server (one Node process for all rounds) answers `GET /bytes/N` with N bytes and their',
    'content-length, written from one reused 8 MiB buffer. Each client is a child process of its own in',
    'every round, the clients alternating; each checks the status (200), the content-length and that',
    'exactly N body bytes came, and fails its round otherwise. Client CPU is user + system, all threads:',
    "for the Node clients `process.cpuUsage()` from before the connection to the last body byte (Node's",
    "start-up left out; the whole process is the last column), for curl that of the process under bash's",
    '`time`, less that of the same curl of an empty body in the same round (its start-up and exit).',
    "Seconds are the same span (curl: its `time_total`). Server CPU is the send server's own",
    '`process.cpuUsage()`, asked for before and after each client. The `(client + server CPU) / 2`',
    "column is the least time the pair can take on this machine's 2 cores if nothing else runs, over",
    "curl's median seconds. The last row, in the same rounds, is curl taking the same number of bytes",
    'from jss-local instead (an object uploaded once with `jss-stream put`, a presigned GET), with',
    "jss-local's CPU as its server's. The machine's 1-minute load average was",
    `${fixed(receive.load.before, 2)} before the rounds and ${fixed(receive.load.after, 2)} after them: other work on its 2 cores`,
    'lengthens the seconds and with them the budget below.',
    ...(settings.quick
      ? [
          '',
          `Per GiB figures are scaled from ${formatBytes(receive.bytes)}: on this quick run the first megabytes`,
          "(JIT compilation, heap growth) weigh more than over the full run's 1 GiB.",
        ]
      : []),
    '',
    lines.join('\n'),
    '',
    ...receiveBudget(receive),
    '',
    reproduce(settings, 'receive'),
  ]
}

function chunkerSection(rows, settings) {
  const lines = [
    '| splitter | part size | volume | MB/s, median (min–max) |',
    '| --- | --- | --- | --- |',
  ]
  for (const row of rows)
    lines.push(
      `| ${row.name} | ${formatBytes(row.partSize)} | ${formatBytes(row.bytes)} | ${range(row.mbps)} |`,
    )
  return [
    '',
    '## Chunker: 64 KiB reads into parts, in process',
    '',
    lines.join('\n'),
    '',
    reproduce(settings, 'chunker'),
  ]
}

function profileSection(profile, settings) {
  const lines = ['| function | self ms | share |', '| --- | --- | --- |']
  for (const row of profile.top)
    lines.push(
      `| \`${row.name.replaceAll('|', '\\|')}\` | ${fixed(row.ms)} | ${fixed(row.share * 100, 1)} % |`,
    )
  return [
    '',
    '## CPU profile of `jss-stream put`',
    '',
    `\`node --cpu-prof\`, ${profile.threads} threads summed, ${fixed(profile.totalMs)} ms sampled; top functions by self time:`,
    '',
    lines.join('\n'),
    '',
    reproduce(settings, 'profile', { rounds: false }),
  ]
}

/**
 * A row of the concurrent table: seconds, aggregate MB/s, its ratio to lib-storage's at the same N
 * (`peer`), peak RSS, threads; or its failure.
 */
function concurrentRow(row, peer) {
  const head = `| ${row.count} | ${cell(row.name)} |`
  if (row.skipped)
    return `${head} **skipped**: ${cell(row.failure.replace(/^skipped: /, ''))} | — | — | — | — |`
  if (row.failure) return `${head} ${failureCell(row.failure)} | — | — | — | — |`
  const ratio = peer?.mbps === undefined ? '—' : `${fixed(row.mbps / peer.mbps, 2)}×`
  return `${head} ${fixed(row.seconds, 2)} | ${fixed(row.mbps)} | ${ratio} | ${fixed(row.peakRss / MiB)} MiB | ${row.threads} |`
}

/** The shared uploader's throughput over lib-storage's at each N: `{ count, ratio }` (undefined: failed). */
function concurrentRatios({ counts, rows }) {
  const find = (id, count) => rows.find((row) => row.id === id && row.count === count)
  return counts.map((count) => {
    const ours = find('uploader', count)
    const peer = find('lib-storage', count)
    const measured = ours?.mbps !== undefined && peer?.mbps !== undefined
    return { count, ratio: measured ? ours.mbps / peer.mbps : undefined }
  })
}

/** "met" / "not met", bold on a full run; on a quick run, marked as judged on the full run. */
const verdict = (settings, met) =>
  settings.quick
    ? `${met ? 'met' : 'not met'} on this quick run (judged on the full run)`
    : `**${met ? 'met' : 'not met'}**`

/** The three targets of the shared uploader, each with its verdict. */
function concurrentTargets(concurrent, settings) {
  const ours = concurrent.rows.filter((row) => row.id === 'uploader')
  const ratios = concurrentRatios(concurrent)
  const ratioList = ratios
    .map(({ count, ratio }) => `N = ${count}: ${ratio === undefined ? '—' : `${fixed(ratio, 2)}×`}`)
    .join(', ')
  const anyFailed = ours.some((row) => row.failure) || ratios.some((r) => r.ratio === undefined)
  const fast = ratios.every(({ ratio }) => ratio !== undefined && ratio >= 2)
  const peak = Math.max(...ours.map((row) => row.peakRss ?? Number.POSITIVE_INFINITY))
  const measured = ours.filter((row) => row.count >= 16 && row.threads !== undefined)
  const threads = [...new Set(measured.map((row) => row.threads))]
  const threadText = measured.map((row) => `N = ${row.count}: ${row.threads}`).join(', ')
  const fromTo = measured.map((row) => row.count)
  const threadsJudged =
    measured.length >= 2 && fromTo.includes(16) && fromTo.includes(256)
      ? verdict(settings, threads.length === 1)
      : `**not judged** (needs N = 16 and N = 256 measured; the full run has them)`
  const failedNote = anyFailed ? ' (a run failed or was skipped: see the table)' : ''
  return [
    `- Target: shared uploader at least 2× lib-storage's aggregate throughput at each N — ${anyFailed ? '**not measured** at every N' : verdict(settings, fast)} (${ratioList}).`,
    `- Target: shared uploader peak RSS at most 400 MiB at every N — ${ours.some((row) => row.failure) ? `**not measured**${failedNote}` : `${verdict(settings, peak <= 400 * MiB)} (highest ${fixed(peak / MiB)} MiB)`}.`,
    `- Target: shared uploader threads constant from N = 16 to N = 256 — ${threadsJudged} (${threadText || 'none measured'}).`,
  ]
}

function concurrentSection(concurrent, settings) {
  const lines = [
    '| N | contender | seconds | aggregate MB/s | MB/s vs lib-storage | peak RSS | threads |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...concurrent.rows.map((row) =>
      concurrentRow(
        row,
        concurrent.rows.find((peer) => peer.id === 'lib-storage' && peer.count === row.count),
      ),
    ),
  ]
  const total = formatBytes(concurrent.bytes * Math.max(...concurrent.counts))
  return [
    '',
    '## Concurrent uploads in one process',
    '',
    `N uploads of ${formatBytes(concurrent.bytes)} each, started at once in one Node process, into the discard server,`,
    `for N in ${concurrent.counts.join(', ')} (up to ${total} per contender). Each (contender, N) runs once in its own`,
    'child process; the bodies are generated Readables (64 KiB views of one 1 MiB random pattern).',
    '"seconds" is timed in the child from the first upload to the last one settled; aggregate MB/s is',
    'N × size over it. Peak RSS is VmHWM (read by the child at the end, and sampled from',
    '/proc/<pid>/status every 25 ms); threads is the most seen (`Threads` sampled every 25 ms, and',
    '/proc/self/task sampled in the child). The N × uploadStream calls share one client (its default',
    '8 connections), the lib-storage Uploads one S3Client (its defaults).',
    '',
    lines.join('\n'),
    '',
    ...concurrentTargets(concurrent, settings),
    '',
    reproduce(settings, 'concurrent', { rounds: false }),
  ]
}

export async function renderReport(results) {
  const { settings } = results
  const out = [
    '# Benchmarks',
    '',
    `Generated by \`${settings.command}\` on ${new Date().toISOString()} in ${fixed(results.seconds)} s.`,
    'Reproduce from a fresh clone with `npm run setup` then `npx --yes pnpm@10.34.9 bench` (add `--quick` for the',
    '256 MiB variant). Runs alternate A B C … A B C …; the tables give medians with min–max, and ratios are',
    "taken per round (the peer's time over ours in the same round), never from single absolute times.",
    '',
    '## Machine',
    '',
    machine(),
  ]
  if (results.put) out.push(...putSections(results.put, settings))
  if (results.memory) out.push(...memorySection(results.memory, settings))
  if (results.longStream) out.push(...longStreamSection(results.longStream, settings))
  if (results.get) out.push(...getSection(results.get, settings))
  if (results.getMemory) out.push(...getMemorySection(results.getMemory, settings))
  if (results.receive) out.push(...receiveSection(results.receive, settings))
  if (results.chunker) out.push(...chunkerSection(results.chunker, settings))
  if (results.concurrent) out.push(...concurrentSection(results.concurrent, settings))
  if (results.profile) out.push(...profileSection(results.profile, settings))
  return `${out.join('\n')}\n`
}
