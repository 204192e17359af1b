import { CliError } from './errors.js'

/** The exit statuses of the CLI. */
export const exitCodes = {
  success: 0,
  failure: 1,
  usage: 2,
  sigint: 130,
  sigterm: 143,
} as const

/** The exit status for an error: the CLI's own errors carry one, anything else is a failure (1). */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CliError) return error.exitCode
  return exitCodes.failure
}

/** The exit status for a terminating signal: 128 + its number. */
export function exitCodeForSignal(signal: 'SIGINT' | 'SIGTERM'): number {
  return signal === 'SIGINT' ? exitCodes.sigint : exitCodes.sigterm
}
