/** Every stable code the CLI's own errors carry. */
export type CliErrorCode =
  | 'JSS_ERR_CLI'
  | 'JSS_ERR_USAGE'
  | 'JSS_ERR_TERMINAL_STDIN'
  | 'JSS_ERR_MISSING_CREDENTIALS'
  | 'JSS_ERR_INTEGRITY'
  | 'JSS_ERR_BODY_TOO_SLOW'
  | 'JSS_ERR_INTERRUPTED'
  | 'JSS_ERR_STDOUT_CLOSED'
  | 'JSS_ERR_TERMINAL_STDOUT'
  | 'JSS_ERR_OUTPUT_FILE'
  | 'JSS_ERR_PARTIAL_FAILURE'

/**
 * Base class of the errors the CLI raises itself. `code` is stable, `message` is not; each also
 * carries the process exit status it maps to. The message is what the user reads (after
 * `jss-stream: `), so it never holds a secret.
 */
export class CliError extends Error {
  override readonly name: string = 'CliError'
  readonly code: CliErrorCode
  readonly exitCode: number = 1
  constructor(code: CliErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
}

/**
 * A mistake in the invocation: bad arguments, names, sizes, missing configuration. Exit 2. Its
 * subclasses name their own code.
 */
export class UsageError extends CliError {
  override readonly name: string = 'UsageError'
  override readonly exitCode: number = 2
  constructor(message: string, options?: ErrorOptions) {
    super('JSS_ERR_USAGE', message, options)
  }
}

/** `put` with a terminal on standard input. Exit 2. */
export class TerminalStdinError extends UsageError {
  override readonly name: string = 'TerminalStdinError'
  override readonly code: CliErrorCode = 'JSS_ERR_TERMINAL_STDIN'
  constructor() {
    super(
      'nothing to read on standard input; pipe data in, e.g. tar c dir | jss-stream put bucket/dir.tar',
    )
  }
}

/** `get` with a terminal on standard output and no `-o`. Exit 2. */
export class TerminalStdoutError extends UsageError {
  override readonly name: string = 'TerminalStdoutError'
  override readonly code: CliErrorCode = 'JSS_ERR_TERMINAL_STDOUT'
  constructor() {
    super(
      'refusing to write an object to a terminal; use -o FILE, redirect (> file) or pipe it, or -o - to write it here anyway',
    )
  }
}

/** The output file of `get -o FILE` cannot be written. Exit 1. */
export class OutputFileError extends CliError {
  override readonly name: string = 'OutputFileError'
  constructor(message: string, options?: ErrorOptions) {
    super('JSS_ERR_OUTPUT_FILE', message, options)
  }
}

/** A command on several items (`rm a b c`) failed for some of them, each already reported. Exit 1. */
export class PartialFailureError extends CliError {
  override readonly name: string = 'PartialFailureError'
  constructor(message: string, options?: ErrorOptions) {
    super('JSS_ERR_PARTIAL_FAILURE', message, options)
  }
}

/** Neither flags nor environment give credentials. Exit 2. */
export class MissingCredentialsError extends UsageError {
  override readonly name: string = 'MissingCredentialsError'
  override readonly code: CliErrorCode = 'JSS_ERR_MISSING_CREDENTIALS'
}

/** A downloaded body that is shorter than announced or does not match its checksum. Exit 1. */
export class IntegrityError extends CliError {
  override readonly name: string = 'IntegrityError'
  constructor(message: string, options?: ErrorOptions) {
    super('JSS_ERR_INTEGRITY', message, options)
  }
}

/** A download body that kept coming slower than the floor `--timeout` sets. Exit 1. */
export class BodyTooSlowError extends CliError {
  override readonly name: string = 'BodyTooSlowError'
  constructor(message: string, options?: ErrorOptions) {
    super('JSS_ERR_BODY_TOO_SLOW', message, options)
  }
}

/** The run was stopped by SIGINT (exit 130) or SIGTERM (exit 143). */
export class InterruptedError extends CliError {
  override readonly name: string = 'InterruptedError'
  override readonly exitCode: number
  readonly signalName: 'SIGINT' | 'SIGTERM'
  constructor(signalName: 'SIGINT' | 'SIGTERM', detail?: string) {
    super(
      'JSS_ERR_INTERRUPTED',
      `interrupted by ${signalName}${detail === undefined ? '' : `; ${detail}`}`,
    )
    this.signalName = signalName
    this.exitCode = signalName === 'SIGINT' ? 130 : 143
  }
}

/** Standard output was closed by its reader (`get … | head`): stop quietly, exit 0. */
export class StdoutClosedError extends CliError {
  override readonly name: string = 'StdoutClosedError'
  override readonly exitCode: number = 0
  constructor() {
    super('JSS_ERR_STDOUT_CLOSED', 'standard output was closed')
  }
}
