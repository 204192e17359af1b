import { describe, expect, it } from 'vitest'
import {
  CryptoUnavailableError,
  InvalidArgumentError,
  InvalidCredentialsError,
  InvalidDateError,
  InvalidHeaderError,
  InvalidUrlError,
  JssSignerError,
} from './errors.js'

describe('errors', () => {
  it('carry a stable code, a name and the base class', () => {
    const cases = [
      [
        new InvalidArgumentError('request.url', 'is bad'),
        'JSS_ERR_INVALID_ARG',
        'InvalidArgumentError',
      ],
      [new InvalidCredentialsError('x'), 'JSS_ERR_INVALID_CREDENTIALS', 'InvalidCredentialsError'],
      [new InvalidHeaderError('x-jss-a', 'is bad'), 'JSS_ERR_INVALID_HEADER', 'InvalidHeaderError'],
      [new InvalidUrlError('x'), 'JSS_ERR_INVALID_URL', 'InvalidUrlError'],
      [new InvalidDateError('x'), 'JSS_ERR_INVALID_DATE', 'InvalidDateError'],
      [new CryptoUnavailableError(), 'JSS_ERR_CRYPTO_UNAVAILABLE', 'CryptoUnavailableError'],
    ] as const
    for (const [error, code, name] of cases) {
      expect(error).toBeInstanceOf(JssSignerError)
      expect(error).toBeInstanceOf(Error)
      expect(error.code).toBe(code)
      expect(error.name).toBe(name)
    }
  })

  it('keep the cause', () => {
    const cause = new Error('root')
    expect(new JssSignerError('JSS_ERR_INVALID_URL', 'x', { cause }).cause).toBe(cause)
    expect(new InvalidUrlError('x', { cause }).cause).toBe(cause)
    expect(new JssSignerError('JSS_ERR_INVALID_URL', 'x').name).toBe('JssSignerError')
  })

  it('name the argument or header at fault', () => {
    const argument = new InvalidArgumentError('request.url', 'is bad')
    expect(argument.argument).toBe('request.url')
    expect(argument.message).toBe('request.url is bad')
    expect(new InvalidHeaderError('x-jss-a', 'is bad').header).toBe('x-jss-a')
  })
})
