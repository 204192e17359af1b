import { JssLocalOptionError } from './errors.js'
import { parseCliArgs, USAGE } from './parse-cli-args.js'
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
  process.stdout.write(
    command.json
      ? `${JSON.stringify({ endpoint, accessKey: credentials.accessKey, secretKey: credentials.secretKey, data })}\n`
      : `jss-local listening on ${endpoint} (access key ${credentials.accessKey}, secret key ${credentials.secretKey}, data ${data})\n`,
  )
}
