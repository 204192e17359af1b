import { createRequire } from 'node:module'
import { isatty } from 'node:tty'
import type { CliIo, LeftBehind } from './cli-io.js'
import { InterruptedError, StdoutClosedError } from './errors.js'
import { exitCodeForSignal } from './exit-code.js'
import { inputKindOf } from './read-file-descriptor.js'
import { run } from './run.js'
import { describeLeftBehind, leftBehindCheckMs, signalGraceMs } from './signal-exit.js'

function packageVersion(): string {
  const require = createRequire(import.meta.url)
  return (require('../package.json') as { version: string }).version
}

/**
 * Entry point of the bin: the only code that touches `process`. The first SIGINT/SIGTERM aborts
 * the command, which cleans up and exits 130/143 (the first signal decides). Further signals in
 * the next {@link signalGraceMs} are noted and ignored (wrappers such as `pnpm exec` or `timeout`
 * send their own right after the user's); one after that exits at once, with the first signal's
 * status, after asking the server briefly what was left behind. The exit status is set with
 * `process.exitCode`, so stdout drains.
 */
export function main(): void {
  const controller = new AbortController()
  const leftBehind = new Map<string, LeftBehind>()
  let first: { signal: 'SIGINT' | 'SIGTERM'; at: number } | undefined
  let noted = false
  let exiting = false
  let finished = false
  const onSignal = (signal: 'SIGINT' | 'SIGTERM'): void => {
    if (exiting) return
    if (finished) {
      // The command is over and only output is draining: a signal ends that at once.
      process.exit(first === undefined ? exitCodeForSignal(signal) : Number(process.exitCode ?? 0))
    }
    if (first === undefined) {
      first = { signal, at: Date.now() }
      controller.abort(new InterruptedError(signal))
      return
    }
    if (Date.now() - first.at < signalGraceMs) {
      if (!noted) {
        noted = true
        process.stderr.write(
          `jss-stream: ${signal} ignored while cleaning up after ${first.signal}; a signal after ${signalGraceMs / 1000} s exits at once\n`,
        )
      }
      return
    }
    exiting = true
    const code = exitCodeForSignal(first.signal)
    const entries = [...leftBehind.values()]
    // Bounded twice: the check has its own timeout, and the process exits regardless soon after.
    const hardStop = setTimeout(() => process.exit(code), leftBehindCheckMs + 500)
    void describeLeftBehind(entries).then((detail) => {
      clearTimeout(hardStop)
      process.stderr.write(
        `jss-stream: ${signal} after the ${signalGraceMs / 1000} s grace period, exiting before the clean-up ended; ${detail}\n`,
      )
      process.exit(code)
    })
  }
  const onSigint = (): void => onSignal('SIGINT')
  const onSigterm = (): void => onSignal('SIGTERM')
  process.on('SIGINT', onSigint)
  process.on('SIGTERM', onSigterm)
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (!controller.signal.aborted) {
      controller.abort(error.code === 'EPIPE' ? new StdoutClosedError() : error)
    }
  })
  const io: CliIo = {
    argv: process.argv.slice(2),
    env: process.env,
    get stdin() {
      return process.stdin
    },
    stdinKind: inputKindOf(0),
    stdinIsTerminal: isatty(0),
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
    leftBehind,
    now: Date.now,
    version: packageVersion(),
  }
  void run(io).then((code) => {
    if (exiting) return
    finished = true
    process.exitCode = code
    // A failed or interrupted put may leave a read of a stalled stdin pipe pending (the source's
    // next() cannot be cancelled from outside), which would keep the process alive: once stdout and
    // stderr have drained, exit (tested with a FIFO in test/signals.test.ts).
    if (code !== 0)
      process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))
  })
}
