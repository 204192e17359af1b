/**
 * Errors the CLI raises itself. Each carries a stable `code` and the process exit status it maps to;
 * the message is what the user reads (after `jss-stream: `), so it never holds a secret.
 */
export class CliError extends Error {
  override name = 'CliError'
  readonly code: string = 'JSS_ERR_CLI'
  readonly exitCode: number = 1
}

/** A mistake in the invocation: bad arguments, names, sizes, missing configuration. Exit 2. */
export class UsageError extends CliError {
  override name = 'UsageError'
  override readonly code: string = 'JSS_ERR_USAGE'
  override readonly exitCode: number = 2
}

/** `put` with a terminal on standard input. Exit 2. */
export class TerminalStdinError extends UsageError {
  override name = 'TerminalStdinError'
  override readonly code: string = 'JSS_ERR_TERMINAL_STDIN'
  constructor() {
    super(
      'nothing to read on standard input; pipe data in, e.g. tar c dir | jss-stream put bucket/dir.tar',
    )
  }
}

/** Neither flags nor environment give credentials. Exit 2. */
export class MissingCredentialsError extends UsageError {
  override name = 'MissingCredentialsError'
  override readonly code: string = 'JSS_ERR_MISSING_CREDENTIALS'
}

/** A downloaded body that is shorter than announced or does not match its checksum. Exit 1. */
export class IntegrityError extends CliError {
  override name = 'IntegrityError'
  override readonly code: string = 'JSS_ERR_INTEGRITY'
}

/** A download body that kept coming slower than the floor `--timeout` sets. Exit 1. */
export class BodyTooSlowError extends CliError {
  override name = 'BodyTooSlowError'
  override readonly code: string = 'JSS_ERR_BODY_TOO_SLOW'
}

/** The run was stopped by SIGINT (exit 130) or SIGTERM (exit 143). */
export class InterruptedError extends CliError {
  override name = 'InterruptedError'
  override readonly code: string = 'JSS_ERR_INTERRUPTED'
  override readonly exitCode: number
  readonly signalName: 'SIGINT' | 'SIGTERM'
  constructor(signalName: 'SIGINT' | 'SIGTERM', detail?: string) {
    super(`interrupted by ${signalName}${detail === undefined ? '' : `; ${detail}`}`)
    this.signalName = signalName
    this.exitCode = signalName === 'SIGINT' ? 130 : 143
  }
}

/** Standard output was closed by its reader (`get … | head`): stop quietly, exit 0. */
export class StdoutClosedError extends CliError {
  override name = 'StdoutClosedError'
  override readonly code: string = 'JSS_ERR_STDOUT_CLOSED'
  override readonly exitCode: number = 0
  constructor() {
    super('standard output was closed')
  }
}
