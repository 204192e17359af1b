import type { CliIo, CommandRun } from './cli-io.js'
import { parseCommandLine } from './command-line.js'
import { describeError } from './describe-error.js'
import { InterruptedError, StdoutClosedError } from './errors.js'
import { exitCodeFor } from './exit-code.js'
import { helpText } from './help.js'
import { escapeControls } from './terminal-text.js'

/** Runs the CLI with `io`; resolves to the exit status. Never throws. */
export async function run(io: CliIo): Promise<number> {
  const debug = io.argv.includes('--debug')
  const context = {}
  try {
    const line = parseCommandLine(io.argv)
    if (line.kind === 'help') {
      io.stdout.write(helpText(line.command))
      return 0
    }
    if (line.kind === 'version') {
      io.stdout.write(`${io.version}\n`)
      return 0
    }
    const commandRun: CommandRun = {
      io,
      values: line.values,
      positionals: line.positionals,
      context,
    }
    // Loaded only now: help, version and usage errors stay fast without the HTTP stack.
    const { commands } = await import('./commands.js')
    await commands[line.command](commandRun)
    return 0
  } catch (caught) {
    const reason: unknown = io.signal.aborted ? io.signal.reason : undefined
    if (reason instanceof StdoutClosedError || caught instanceof StdoutClosedError) return 0
    // After a signal, whatever the command failed with, the signal decides the status.
    const error =
      reason instanceof InterruptedError && !(caught instanceof InterruptedError) ? reason : caught
    // A server's message, a key or an upload id may hold control characters: shown escaped.
    io.stderr.write(`jss-stream: ${escapeControls(describeError(error, context))}\n`)
    if (debug && caught instanceof Error && caught.stack) io.stderr.write(`${caught.stack}\n`)
    return exitCodeFor(error)
  }
}
