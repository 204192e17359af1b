import { describe, expect, it } from 'vitest'
import {
  BodyTooSlowError,
  CliError,
  IntegrityError,
  InterruptedError,
  MissingCredentialsError,
  OutputFileError,
  PartialFailureError,
  StdoutClosedError,
  TerminalStdinError,
  TerminalStdoutError,
  UsageError,
} from './errors.js'

describe('the CLI errors', () => {
  it.each([
    [new CliError('JSS_ERR_CLI', 'x'), 'CliError', 'JSS_ERR_CLI', 1],
    [new UsageError('x'), 'UsageError', 'JSS_ERR_USAGE', 2],
    [new TerminalStdinError(), 'TerminalStdinError', 'JSS_ERR_TERMINAL_STDIN', 2],
    [new MissingCredentialsError('x'), 'MissingCredentialsError', 'JSS_ERR_MISSING_CREDENTIALS', 2],
    [new IntegrityError('x'), 'IntegrityError', 'JSS_ERR_INTEGRITY', 1],
    [new BodyTooSlowError('x'), 'BodyTooSlowError', 'JSS_ERR_BODY_TOO_SLOW', 1],
    [new InterruptedError('SIGTERM'), 'InterruptedError', 'JSS_ERR_INTERRUPTED', 143],
    [new StdoutClosedError(), 'StdoutClosedError', 'JSS_ERR_STDOUT_CLOSED', 0],
    [new TerminalStdoutError(), 'TerminalStdoutError', 'JSS_ERR_TERMINAL_STDOUT', 2],
    [new OutputFileError('x'), 'OutputFileError', 'JSS_ERR_OUTPUT_FILE', 1],
    [new PartialFailureError('x'), 'PartialFailureError', 'JSS_ERR_PARTIAL_FAILURE', 1],
  ])('%s has its name, code and exit status', (error, name, code, exitCode) => {
    expect(error).toBeInstanceOf(CliError)
    expect({ name: error.name, code: error.code, exitCode: error.exitCode }).toEqual({
      name,
      code,
      exitCode,
    })
  })

  it('keeps the cause', () => {
    const cause = new Error('underneath')
    expect(new IntegrityError('x', { cause }).cause).toBe(cause)
  })
})
