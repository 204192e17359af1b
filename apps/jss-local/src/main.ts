import { JssLocalOptionError } from './errors.js'
import { formatStarted } from './format-started.js'
import { parseCliArgs, USAGE } from './parse-cli-args.js'
import { startInBackground } from './start-in-background.js'
import { startJssLocal } from './start-jss-local.js'

/** Entry point of the bin: the only code that touches `process`. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  let command: ReturnType<typeof parseCliArgs>
  try {
    command = parseCliArgs(argv)
  } catch (error) {
    if (!(error instanceof JssLocalOptionError)) throw error
    process.stderr.write(`jss-local: ${error.message}\nTry 'jss-local --help'.\n`)
    process.exitCode = 2
    return
  }
  if (command.kind === 'help') {
    process.stdout.write(USAGE)
    return
  }
  if (command.background) {
    const started = await startInBackground({
      node: process.execPath,
      nodeArgs: process.execArgv,
      script: process.argv[1] ?? '',
      args: command.background,
    })
    if (!started.ok) {
      process.stderr.write(`${started.message}\n`)
      process.exitCode = started.exitCode
      return
    }
    process.stdout.write(formatStarted(started.info, command.format, { withPid: true }))
    return
  }
  // Whoever reads the first line may close the pipe (`--background` does): later output is lost,
  // but the server keeps running.
  const ignoreBrokenPipe = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') throw error
  }
  process.stdout.on('error', ignoreBrokenPipe)
  process.stderr.on('error', ignoreBrokenPipe)
  let server: Awaited<ReturnType<typeof startJssLocal>>
  try {
    server = await startJssLocal(command.options)
  } catch (error) {
    const usage = error instanceof JssLocalOptionError
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`jss-local: ${message}\n`)
    process.exitCode = usage ? 2 : 1
    return
  }
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
  // Handlers first: whoever reads the line below may signal at once.
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  const { endpoint, credentials, data } = server
  const { accessKey, secretKey } = credentials
  process.stdout.write(
    formatStarted({ endpoint, accessKey, secretKey, data, pid: process.pid }, command.format),
  )
}
