import { JssLocalOptionError } from './errors.js'
import { formatStarted } from './format-started.js'
import type { JssLocal, JssLocalOptions } from './jss-local-options.js'
import { type CliCommand, parseCliArgs, type StartedFormat, USAGE } from './parse-cli-args.js'
import { startInBackground } from './start-in-background.js'
import { startJssLocal } from './start-jss-local.js'

/** Entry point of the bin: the only code that touches `process`. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const command = parseOrReport(argv)
  if (command === undefined) return
  if (command.kind === 'help') {
    process.stdout.write(USAGE)
    return
  }
  if (command.background) {
    await runInBackground(command.background, command.format)
    return
  }
  ignoreBrokenPipes()
  const server = await startOrReport(command.options)
  if (server === undefined) return
  // Handlers first: whoever reads the line below may signal at once.
  stopOnSignals(server)
  const { endpoint, credentials, data } = server
  const { accessKey, secretKey } = credentials
  process.stdout.write(
    formatStarted({ endpoint, accessKey, secretKey, data, pid: process.pid }, command.format),
  )
}

/** Parses the command line; on a usage error, says so on stderr, sets exit code 2 and returns nothing. */
function parseOrReport(argv: readonly string[]): CliCommand | undefined {
  try {
    return parseCliArgs(argv)
  } catch (error) {
    if (!(error instanceof JssLocalOptionError)) throw error
    process.stderr.write(`jss-local: ${error.message}\nTry 'jss-local --help'.\n`)
    process.exitCode = 2
    return undefined
  }
}

/** Starts the server detached with `args` and prints its announcement with its pid, or why not. */
async function runInBackground(args: readonly string[], format: StartedFormat): Promise<void> {
  const started = await startInBackground({
    node: process.execPath,
    nodeArgs: process.execArgv,
    script: process.argv[1] ?? '',
    args,
  })
  if (!started.ok) {
    process.stderr.write(`${started.message}\n`)
    process.exitCode = started.exitCode
    return
  }
  process.stdout.write(formatStarted(started.info, format, { withPid: true }))
}

/**
 * Whoever reads the first line may close the pipe (`--background` does): later output is lost,
 * but the server keeps running.
 */
function ignoreBrokenPipes(): void {
  const ignoreBrokenPipe = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') throw error
  }
  process.stdout.on('error', ignoreBrokenPipe)
  process.stderr.on('error', ignoreBrokenPipe)
}

/** Starts the server; on failure, says why on stderr, sets exit code 2 (usage) or 1, returns nothing. */
async function startOrReport(options: JssLocalOptions): Promise<JssLocal | undefined> {
  try {
    return await startJssLocal(options)
  } catch (error) {
    const usage = error instanceof JssLocalOptionError
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`jss-local: ${message}\n`)
    process.exitCode = usage ? 2 : 1
    return undefined
  }
}

/** SIGINT and SIGTERM close the server and exit (0, or 1 on an error); a second signal destroys it. */
function stopOnSignals(server: JssLocal): void {
  let stopping = false
  const stop = (): void => {
    if (stopping) {
      void server.destroy()
      return
    }
    stopping = true
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`jss-local: ${String(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
