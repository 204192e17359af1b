import { createRequire } from 'node:module'
import { isatty } from 'node:tty'
import type { CliIo, LeftBehind } from './cli-io.js'
import { InterruptedError, StdoutClosedError } from './errors.js'
import { exitCodeForSignal, exitCodes } from './exit-code.js'
import { inputKindOf } from './read-file-descriptor.js'
import { run } from './run.js'
import { describeLeftBehind, leftBehindCheckMs, signalGraceMs } from './signal-exit.js'

type SignalName = 'SIGINT' | 'SIGTERM'

/** Where the run and its signals stand, shared by the signal handler and the end of the run. */
interface ProcessState {
  controller: AbortController
  leftBehind: Map<string, LeftBehind>
  /** The signal that aborted the command, and when. */
  first: { signal: SignalName; at: number } | undefined
  /** Whether an ignored signal was already noted on stderr. */
  noted: boolean
  /** Exiting on a late signal, before the clean-up ended. */
  exiting: boolean
  /** The command is over; only output is draining. */
  finished: boolean
}

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
  const state: ProcessState = {
    controller: new AbortController(),
    leftBehind: new Map(),
    first: undefined,
    noted: false,
    exiting: false,
    finished: false,
  }
  const onSigint = (): void => onSignal(state, 'SIGINT')
  const onSigterm = (): void => onSignal(state, 'SIGTERM')
  process.on('SIGINT', onSigint)
  process.on('SIGTERM', onSigterm)
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (!state.controller.signal.aborted) {
      state.controller.abort(error.code === 'EPIPE' ? new StdoutClosedError() : error)
    }
  })
  // Should the event loop ever empty before the command settles (a promise that never resolves:
  // a bug), the process must not exit 0 as if the command had succeeded.
  process.once('exit', () => {
    if (state.finished || state.exiting) return
    process.exitCode = exitCodes.failure
    process.stderr.write(
      'jss-stream: internal error: the command stopped before it finished; nothing it did is confirmed (please report this)\n',
    )
  })
  void run(processIo(state)).then((code) => finish(state, code))
}

/** The CLI's I/O from `process`. */
function processIo(state: ProcessState): CliIo {
  return {
    argv: process.argv.slice(2),
    env: process.env,
    get stdin() {
      return process.stdin
    },
    // Asked only when stdin is opened, after the command's modules are loaded: on Node 20.20 an
    // fstat of a pipe or socket before a dynamic import broke the resolution of packages behind
    // symlinks (pnpm's layout: "Cannot find package 'fast-xml-builder'"), as --preserve-symlinks does.
    get stdinKind() {
      return inputKindOf(0)
    },
    stdinIsTerminal: isatty(0),
    stdout: process.stdout,
    stderr: process.stderr,
    signal: state.controller.signal,
    leftBehind: state.leftBehind,
    now: Date.now,
    version: packageVersion(),
  }
}

/** Handles SIGINT or SIGTERM: abort the command, ignore a signal in the grace period, or exit. */
function onSignal(state: ProcessState, signal: SignalName): void {
  if (state.exiting) return
  if (state.finished) {
    // The command is over and only output is draining: a signal ends that at once.
    const { first } = state
    process.exit(first === undefined ? exitCodeForSignal(signal) : Number(process.exitCode ?? 0))
  }
  if (state.first === undefined) {
    state.first = { signal, at: Date.now() }
    state.controller.abort(new InterruptedError(signal))
    return
  }
  if (Date.now() - state.first.at < signalGraceMs) {
    noteIgnoredSignal(state, signal, state.first.signal)
    return
  }
  exitBeforeCleanUp(state, signal, state.first.signal)
}

/** Says once that signals in the grace period are ignored. */
function noteIgnoredSignal(state: ProcessState, signal: SignalName, first: SignalName): void {
  if (state.noted) return
  state.noted = true
  process.stderr.write(
    `jss-stream: ${signal} ignored while cleaning up after ${first}; a signal after ${signalGraceMs / 1000} s exits at once\n`,
  )
}

/** Exits on a signal after the grace period, with the first signal's status and what is left. */
function exitBeforeCleanUp(state: ProcessState, signal: SignalName, first: SignalName): void {
  state.exiting = true
  const code = exitCodeForSignal(first)
  const entries = [...state.leftBehind.values()]
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

/** Sets the exit status once the command is over; a failed one exits when the output drained. */
function finish(state: ProcessState, code: number): void {
  if (state.exiting) return
  state.finished = true
  process.exitCode = code
  // A failed or interrupted put may leave a read of a stalled stdin pipe pending (the source's
  // next() cannot be cancelled from outside), which would keep the process alive: once stdout and
  // stderr have drained, exit (tested with a FIFO in test/signals.test.ts).
  if (code !== 0) process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))
}
