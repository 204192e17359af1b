import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'

/** A spawned CLI. */
export interface CliProcess {
  readonly child: ChildProcess
  /** Resolves with the first stdout line. */
  readonly firstLine: Promise<string>
  /** Resolves when the process exits. */
  readonly exit: Promise<{
    code: number | null
    signal: NodeJS.Signals | null
    stdout: string
    stderr: string
  }>
}

/** Spawns `node launcher ...args` (a launcher from `buildCli`). */
export function spawnCli(launcher: string, args: readonly string[]): CliProcess {
  const child = spawn(process.execPath, [launcher, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c
  })
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c
  })
  const exit = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    stdout,
    stderr,
  }))
  const firstLine = new Promise<string>((resolve, reject) => {
    const onData = (): void => {
      const end = stdout.indexOf('\n')
      if (end >= 0) {
        child.stdout.off('data', onData)
        resolve(stdout.slice(0, end))
      }
    }
    child.stdout.on('data', onData)
    void exit.then((e) => reject(new Error(`exited (${e.code}) before printing: ${e.stderr}`)))
  })
  firstLine.catch(() => undefined)
  return { child, firstLine, exit }
}
