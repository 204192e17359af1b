// Receive: what it costs a client on this machine to take in one HTTP response body and drop it, from
// a send server that does as little as a Node server can (send-server.mjs, one child process for all
// rounds). Each contender is its own child process per round, alternating: three ways through undici
// and a bare net.Socket (receive-client.mjs), and curl. Measured per round: the client's CPU-seconds
// and seconds, and the server's CPU-seconds over the same run (its own process.cpuUsage, asked for
// before and after). For the same arithmetic against jss-local, curl also takes the object from
// jss-local (uploaded once, a presigned GET), with jss-local's CPU read from /proc.
import { spawnSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { uploadObject } from './get.mjs'
import {
  binOf,
  capture,
  cpuSecondsOf,
  jssEnv,
  runPipeline,
  startJssLocal,
  startServer,
} from './processes.mjs'
import { alternateRounds } from './rounds.mjs'
import { GiB, mbPerSecond, summarize } from './stats.mjs'

const here = new URL('.', import.meta.url).pathname
const client = join(here, 'receive-client.mjs')

/** The node contenders: `{ id, name, mode }` of receive-client.mjs. */
const nodeContenders = [
  { id: 'request', name: 'undici Pool.request + for await of the body' },
  { id: 'dispatch', name: 'undici Pool.dispatch, raw handler (onData)' },
  {
    id: 'dispatch-copy',
    name: 'undici Pool.dispatch, raw handler + copy of each chunk into an 8 MiB SharedArrayBuffer block',
  },
  { id: 'onread', name: 'net.Socket `onread` into one reused 64 KiB buffer, no HTTP parser' },
]

/** `{ user, system }` of the send server (microseconds since it started), in CPU-seconds. */
async function serverCpu(endpoint) {
  const response = await fetch(`${endpoint}/cpu`)
  const { user, system } = await response.json()
  return (user + system) / 1e6
}

/** The child's JSON line, checked: exactly `bytes` came. */
function parseClient(stdout, bytes) {
  const line = JSON.parse(stdout.trim().split('\n').at(-1) ?? '')
  if (line.bytes !== bytes) throw new Error(`received ${line.bytes} bytes, not ${bytes}`)
  return line
}

/**
 * One curl of `url` to /dev/null under bash's `time` (user and system CPU of curl, to the
 * millisecond): `{ bytes, seconds (curl's time_total), processCpuSeconds }`.
 */
async function timedCurl(url) {
  const { stdout, stderr } = await runPipeline({
    command: 'bash',
    args: [
      '-c',
      'TIMEFORMAT="%3U %3S"; time curl -sS -f -o /dev/null -w "%{size_download} %{time_total}" "$1"',
      'bash',
      url,
    ],
    stdout: 'capture',
  })
  const [size, total] = stdout.trim().split(' ').map(Number)
  const [user, system] = stderr.trim().split('\n').at(-1).split(' ').map(Number)
  if (![size, total, user, system].every(Number.isFinite))
    throw new Error(`unexpected output from curl under time: ${stdout} / ${stderr}`)
  return { bytes: size, seconds: total, processCpuSeconds: user + system }
}

/** Why curl cannot be measured here, or undefined. */
function curlMissing() {
  const found = spawnSync('bash', ['-c', 'command -v curl'], { encoding: 'utf8' })
  if (found.error) return `bash not found (${found.error.message})`
  return found.status === 0 ? undefined : 'curl not found on PATH'
}

/**
 * A curl contender: `curl -o /dev/null` of `url`, less the same curl of an empty body (`emptyUrl`)
 * in the same round; `serverCpu()` reads the CPU-seconds of the server behind `url`.
 */
function curlContender({ id, name, url, emptyUrl, bytes, serverCpu }) {
  return {
    id,
    name,
    serverCpu,
    run: async () => {
      const empty = await timedCurl(emptyUrl)
      if (empty.bytes !== 0) throw new Error(`curl got ${empty.bytes} bytes of an empty body`)
      const full = await timedCurl(url)
      if (full.bytes !== bytes) throw new Error(`curl got ${full.bytes} bytes, not ${bytes}`)
      return {
        seconds: full.seconds,
        // curl's start-up and exit, measured on the empty body, taken off: the Node clients'
        // CPU is taken from before their connection to their last byte
        cpuSeconds: Math.max(0, full.processCpuSeconds - empty.processCpuSeconds),
        processCpuSeconds: full.processCpuSeconds,
      }
    },
  }
}

/** jss-local with one `bytes` object uploaded by `jss-stream put`, and a presigned GET of it. */
async function jssLocalObject(bytes, log) {
  const server = await startJssLocal()
  try {
    const env = jssEnv(server)
    const key = 'bench/receive-object'
    const seconds = await uploadObject({ env, target: key, bytes })
    log(
      `  receive: uploaded ${bytes} B into jss-local with jss-stream put in ${seconds.toFixed(1)} s`,
    )
    const url = await capture(
      process.execPath,
      [binOf('jss-stream'), 'presign', key, '--expires', '1h'],
      env,
    )
    return { server, url }
  } catch (error) {
    await server.stop()
    throw error
  }
}

/**
 * Runs `runs` alternating rounds of the receive contenders, `bytes` each, from one send server, and
 * of curl from jss-local. Returns `{ bytes, load, rows, jssLocal }` (`jssLocal`: curl's row from it;
 * `load`: the 1-minute load average before and after the rounds).
 */
export async function measureReceive({ bytes, runs, log }) {
  const server = await startServer(process.execPath, [join(here, 'send-server.mjs')])
  let local
  try {
    const sendCpu = () => serverCpu(server.endpoint)
    const contenders = nodeContenders.map((contender) => ({
      ...contender,
      serverCpu: sendCpu,
      run: async () => {
        const { stdout } = await runPipeline({
          command: process.execPath,
          args: [client, contender.id, server.endpoint, String(bytes)],
          stdout: 'capture',
        })
        return parseClient(stdout, bytes)
      },
    }))
    const missing = curlMissing()
    const emptyUrl = `${server.endpoint}/bytes/0`
    const curlName = 'curl -o /dev/null'
    const localName = 'curl -o /dev/null from jss-local (presigned GET)'
    const curlSkipped = missing && `skipped: ${missing}`
    let localFailure = curlSkipped
    if (missing === undefined) {
      contenders.push(
        curlContender({
          id: 'curl',
          name: curlName,
          url: `${server.endpoint}/bytes/${bytes}`,
          emptyUrl,
          bytes,
          serverCpu: sendCpu,
        }),
      )
      try {
        local = await jssLocalObject(bytes, log)
        const pid = local.server.pid
        contenders.push(
          curlContender({
            id: 'curl-jss-local',
            name: localName,
            url: local.url,
            emptyUrl,
            bytes,
            serverCpu: () => cpuSecondsOf(pid),
          }),
        )
      } catch (error) {
        localFailure = `jss-local with the object: ${error.reason ?? error.message}`
        log(`  receive: ${localFailure}`)
      }
    }
    const measured = contenders.map(() => ({ cpu: [], processCpu: [], server: [] }))
    const loadBefore = loadavg()[0]
    const { times, failures } = await alternateRounds({
      contenders: contenders.map((contender, index) => ({
        name: contender.name,
        label: 'receive round',
        run: async () => {
          const before = await contender.serverCpu()
          const result = await contender.run()
          const after = await contender.serverCpu()
          measured[index].cpu.push(result.cpuSeconds)
          measured[index].processCpu.push(result.processCpuSeconds)
          measured[index].server.push(after - before)
          log(
            `  receive ${contender.id}: client ${result.cpuSeconds.toFixed(3)} CPU-s, server ${(after - before).toFixed(3)} CPU-s`,
          )
          return result.seconds
        },
      })),
      runs,
      log,
    })
    const load = { before: loadBefore, after: loadavg()[0] }
    const rows = contenders.map((contender, index) =>
      receiveRow(contender, bytes, {
        times: times[index],
        failure: failures[index],
        ...measured[index],
      }),
    )
    const skipped = (id, name, failure) => ({
      id,
      name,
      skipped: failure.startsWith('skipped: '),
      failure,
    })
    if (missing !== undefined) rows.push(skipped('curl', curlName, curlSkipped))
    const jssLocal =
      rows.find((row) => row.id === 'curl-jss-local') ??
      skipped('curl-jss-local', localName, localFailure)
    return { bytes, load, rows: rows.filter((row) => row !== jssLocal), jssLocal }
  } finally {
    await local?.server.stop()
    await server.stop()
  }
}

/** Per GiB: `{ median, min, max }` of `values` (per run of `bytes`) scaled to 1 GiB. */
const perGiB = (values, bytes) => {
  const { median, min, max } = summarize(values)
  const scale = GiB / bytes
  return { median: median * scale, min: min * scale, max: max * scale }
}

/** A report row: client CPU-s, seconds and server CPU-s per GiB, MB/s; or the failure. */
function receiveRow(contender, bytes, { times, failure, cpu, processCpu, server }) {
  const row = { id: contender.id, name: contender.name, failure }
  // a failed round records nothing: the lists hold the rounds that completed, in step
  if (times.length === 0) return row
  const seconds = summarize(times)
  return {
    ...row,
    rounds: times.length,
    cpuPerGiB: perGiB(cpu, bytes),
    processCpu: summarize(processCpu),
    secondsPerGiB: perGiB(times, bytes),
    mbps: {
      median: mbPerSecond(bytes, seconds.median),
      min: mbPerSecond(bytes, seconds.max),
      max: mbPerSecond(bytes, seconds.min),
    },
    serverPerGiB: perGiB(server, bytes),
  }
}
