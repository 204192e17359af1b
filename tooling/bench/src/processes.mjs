// Spawning what is measured: servers that print one JSON line, and pipelines whose last process is timed
// and whose peak RSS is sampled from /proc (VmHWM: the high-water mark, worker threads included).
import { execFileSync, spawn } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const here = dirname(fileURLToPath(import.meta.url))

/** Absolute path of a workspace app's bin. */
export function binOf(name) {
  return join(dirname(require.resolve(`${name}/package.json`)), 'bin', `${name}.js`)
}

export const sourceScript = join(here, 'source.mjs')

/** Starts a server process that prints one JSON line on stdout; resolves with it and a stop(). */
export async function startServer(command, args) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout })
    lines.once('line', resolve)
    child.once('exit', (code) =>
      reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    )
  })
  const info = JSON.parse(line)
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  return { ...info, pid: child.pid, stop }
}

/** jss-local on port 0 with a temporary data directory. */
export async function startJssLocal(buckets = ['bench']) {
  const data = mkdtempSync(join(tmpdir(), 'jss-bench-'))
  const args = [binOf('jss-local'), '--json', '--port', '0', '--data', data]
  for (const bucket of buckets) args.push('--bucket', bucket)
  const server = await startServer(process.execPath, args)
  return {
    ...server,
    stop: async () => {
      await server.stop()
      rmSync(data, { recursive: true, force: true })
    },
  }
}

/** The environment that points the jss-stream CLI at `server` (the discard server takes any keys). */
export function jssEnv(server) {
  return {
    JSS_ENDPOINT: server.endpoint,
    JSS_ACCESS_KEY: server.accessKey ?? 'bench',
    JSS_SECRET_KEY: server.secretKey ?? 'bench-secret',
  }
}

/** The discard server (JSS and S3 dialects, stores nothing). */
export function startDiscard() {
  return startServer(process.execPath, [join(here, 'discard-server.mjs')])
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const ticksPerSecond = 100

/**
 * CPU seconds of a running process (user + system, all threads) from /proc/<pid>/stat, in clock
 * ticks (10 ms); throws once it is gone.
 */
export function cpuSecondsOf(pid) {
  // the fields after the command name (which may hold spaces) in parentheses: utime is the 12th
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return Number.isFinite(ticks) ? ticks / ticksPerSecond : 0
}

/**
 * VmHWM (bytes) and Threads of a process from /proc/<pid>/status, and its CPU seconds (user +
 * system, all threads) from /proc/<pid>/stat; zeros once it is gone.
 */
function sampleStatus(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status)
    const threads = /Threads:\s+(\d+)/.exec(status)
    return {
      peakRss: hwm ? Number(hwm[1]) * 1024 : 0,
      threads: threads ? Number(threads[1]) : 0,
      cpuSeconds: cpuSecondsOf(pid),
    }
  } catch {
    return { peakRss: 0, threads: 0, cpuSeconds: 0 }
  }
}

/**
 * A real pipe, as a shell's `|` makes (Node's stdio 'pipe' is a UNIX socketpair, which is not what a
 * user's pipeline hands the CLI): a FIFO opened at both ends, then unlinked. Opening it read-write
 * first means neither end's open blocks.
 */
function openPipe() {
  const dir = mkdtempSync(join(tmpdir(), 'jss-bench-pipe-'))
  try {
    const path = join(dir, 'pipe')
    execFileSync('mkfifo', [path])
    const holder = openSync(path, 'r+')
    const reader = openSync(path, 'r')
    const writer = openSync(path, 'w')
    closeSync(holder)
    return { reader, writer }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Runs `source.mjs bytes | command args` through a real pipe (or just `command args` with `bytes === undefined`), timing
 * from start to the consumer's exit; fails on a non-zero exit. Returns `{ seconds, peakRss, threads, stdout,
 * stderr, cpuSeconds }` (the most threads seen; the consumer's CPU time, user + system, as last
 * sampled, up to 25 ms before its exit) (stdout only with `stdout: 'capture'`).
 */
export function runPipeline({ bytes, command, args, env = {}, stdout = 'ignore' }) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const pipe = bytes === undefined ? undefined : openPipe()
    const source =
      pipe === undefined
        ? undefined
        : spawn(process.execPath, [sourceScript, String(bytes)], {
            stdio: ['ignore', pipe.writer, 'inherit'],
          })
    const consumer = spawn(command, args, {
      stdio: [pipe ? pipe.reader : 'ignore', stdout === 'capture' ? 'pipe' : 'ignore', 'pipe'],
      env: { ...process.env, ...env },
    })
    // The children hold their ends now; ours must close, or the consumer never sees end of input.
    if (pipe) {
      closeSync(pipe.reader)
      closeSync(pipe.writer)
    }
    let peak = 0
    let threads = 0
    let cpuSeconds = 0
    let captured = ''
    let errors = ''
    const timer = setInterval(() => {
      const status = sampleStatus(consumer.pid)
      peak = Math.max(peak, status.peakRss)
      threads = Math.max(threads, status.threads)
      cpuSeconds = Math.max(cpuSeconds, status.cpuSeconds)
    }, 25)
    consumer.stdout?.on('data', (chunk) => {
      captured += chunk
    })
    consumer.stderr.on('data', (chunk) => {
      errors += chunk
    })
    consumer.on('error', reject)
    consumer.on('exit', (code, signal) => {
      clearInterval(timer)
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      if (code !== 0) {
        source?.kill()
        const reason = `exit ${code ?? signal}: ${errors.trim().slice(-2000)}`
        const error = new Error(`${command} ${args.join(' ')} failed (${reason})`)
        reject(Object.assign(error, { reason }))
        return
      }
      resolve({ seconds, peakRss: peak, threads, cpuSeconds, stdout: captured, stderr: errors })
    })
  })
}

/** Runs a command to completion and returns its stdout (for versions and presigned URLs). */
export function capture(command, args, env = {}) {
  return runPipeline({ command, args, env, stdout: 'capture' }).then((r) => r.stdout.trim())
}
