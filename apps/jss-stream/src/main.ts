import { createRequire } from 'node:module'
import { isatty } from 'node:tty'
import type { CliIo } from './cli-io.js'
import { InterruptedError, StdoutClosedError } from './errors.js'
import { exitCodeForSignal } from './exit-code.js'
import { inputKindOf } from './read-file-descriptor.js'
import { run } from './run.js'

function packageVersion(): string {
  const require = createRequire(import.meta.url)
  return (require('../package.json') as { version: string }).version
}

/**
 * Entry point of the bin: the only code that touches `process`. The first SIGINT/SIGTERM aborts
 * the command (which cleans up and exits 130/143); a second one exits at once, naming what was
 * left behind. The exit status is set with `process.exitCode`, so stdout drains.
 */
export function main(): void {
  const controller = new AbortController()
  const leftBehind = new Map<string, string>()
  let signals = 0
  const onSignal = (signal: 'SIGINT' | 'SIGTERM'): void => {
    signals += 1
    if (signals === 1) {
      controller.abort(new InterruptedError(signal))
      return
    }
    const what = [...leftBehind.values()]
    const detail =
      what.length === 0 ? 'nothing left behind' : `left behind:\n  ${what.join('\n  ')}`
    process.stderr.write(`jss-stream: second ${signal}, exiting now; ${detail}\n`)
    process.exit(exitCodeForSignal(signal))
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
    process.exitCode = code
    process.off('SIGINT', onSigint)
    process.off('SIGTERM', onSigterm)
    // A failed or interrupted put may leave a read of a stalled stdin pipe pending (the source's
    // next() cannot be cancelled from outside), which would keep the process alive: once stdout and
    // stderr have drained, exit (tested with a FIFO in test/signals.test.ts).
    if (code !== 0)
      process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))
  })
}
