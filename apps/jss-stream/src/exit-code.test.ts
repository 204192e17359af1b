import { describe, expect, it } from 'vitest'
import {
  CliError,
  IntegrityError,
  InterruptedError,
  MissingCredentialsError,
  TerminalStdinError,
  UsageError,
} from './errors.js'
import { exitCodeFor, exitCodeForSignal } from './exit-code.js'

describe('exitCodeFor', () => {
  it('maps usage mistakes to 2', () => {
    expect(exitCodeFor(new UsageError('x'))).toBe(2)
    expect(exitCodeFor(new TerminalStdinError())).toBe(2)
    expect(exitCodeFor(new MissingCredentialsError('x'))).toBe(2)
  })

  it('maps failures to 1', () => {
    expect(exitCodeFor(new CliError('JSS_ERR_CLI', 'x'))).toBe(1)
    expect(exitCodeFor(new IntegrityError('x'))).toBe(1)
    expect(exitCodeFor(new Error('x'))).toBe(1)
    expect(exitCodeFor('a string')).toBe(1)
  })

  it('maps signals to 128 + their number', () => {
    expect(exitCodeFor(new InterruptedError('SIGINT'))).toBe(130)
    expect(exitCodeFor(new InterruptedError('SIGTERM'))).toBe(143)
    expect(exitCodeForSignal('SIGINT')).toBe(130)
    expect(exitCodeForSignal('SIGTERM')).toBe(143)
  })
})
