import { spawn } from 'node:child_process'
import type { StartedInfo } from './format-started.js'

/** How to start a detached server. */
export interface BackgroundOptions {
  /** The Node binary (the CLI passes `process.execPath`). */
  readonly node: string
  /** Node's own arguments before the script (the CLI passes `process.execArgv`). @default [] */
  readonly nodeArgs?: readonly string[] | undefined
  /** The CLI script (the CLI passes `process.argv[1]`). */
  readonly script: string
  /** The server's arguments; they must include `--json`, so that its first stdout line is JSON. */
  readonly args: readonly string[]
  /** How long the server may take to print its first line; then it is killed. @default 30000 */
  readonly timeoutMs?: number | undefined
}

/** How starting went: the server's announcement, or why it did not start. */
export type BackgroundResult =
  | { readonly ok: true; readonly info: StartedInfo }
  | {
      readonly ok: false
      /** 2 when the server exited 2 (a usage error), else 1. */
      readonly exitCode: number
      /** What to print: the server's stderr, or a sentence. */
      readonly message: string
    }

/**
 * Starts `node script ...args` detached (its own session, stdin ignored), waits for its first
 * stdout line (the `--json` announcement), then lets it go: its stdout and stderr pipes are closed
 * (later output is dropped) and it is unref'd, so that the caller can exit and leave it running.
 * If it exits, fails to spawn, prints something else or says nothing within `timeoutMs`, the
 * result says why (after a timeout or a bad line the process is killed).
 */
export function startInBackground(options: BackgroundOptions): Promise<BackgroundResult> {
  const timeoutMs = options.timeoutMs ?? 30_000
  const child = spawn(
    options.node,
    [...(options.nodeArgs ?? []), options.script, ...options.args],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stdout = ''
  let stderr = ''
  return new Promise((resolve) => {
    let settled = false
    const settle = (result: BackgroundResult): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.stdout.destroy()
      child.stderr.destroy()
      child.removeAllListeners()
      child.unref()
      resolve(result)
    }
    const fail = (exitCode: number, message: string): void => {
      settle({ ok: false, exitCode, message: stderr.trim() || message })
    }
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      fail(1, `jss-local: the server did not start within ${timeoutMs} ms`)
    }, timeoutMs)
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      const end = stdout.indexOf('\n')
      if (end < 0) return
      const info = readAnnouncement(stdout.slice(0, end), child.pid)
      if (info === undefined) {
        child.kill('SIGKILL')
        fail(1, `jss-local: the server printed an unexpected line: ${stdout.slice(0, end)}`)
        return
      }
      settle({ ok: true, info })
    })
    child.once('error', (error) => fail(1, `jss-local: cannot start the server: ${error.message}`))
    // 'close' comes after the pipes end, so that stderr is complete.
    child.once('close', (code, signal) =>
      fail(
        code === 2 ? 2 : 1,
        `jss-local: the server exited (${signal ?? code}) before it started`,
      ),
    )
  })
}

/** The server's `--json` announcement line with its pid, or `undefined` if the line is not one. */
function readAnnouncement(line: string, pid: number | undefined): StartedInfo | undefined {
  let info: Omit<StartedInfo, 'pid'> | undefined
  try {
    info = JSON.parse(line) as Omit<StartedInfo, 'pid'>
  } catch {
    info = undefined
  }
  if (info === undefined || typeof info.endpoint !== 'string' || pid === undefined) return undefined
  const { endpoint, accessKey, secretKey, data } = info
  return { endpoint, accessKey, secretKey, data, pid }
}
