import { describe, expect, it } from 'vitest'
import { JssTransportError } from './errors.js'
import { toTransportError } from './to-transport-error.js'

function systemError(code: string): Error {
  return Object.assign(new Error(`failure ${code}`), { code })
}

describe('toTransportError', () => {
  it.each([
    ['ECONNREFUSED', 'JSS_ERR_CONNECT', true, false],
    ['ENOTFOUND', 'JSS_ERR_DNS', true, false],
    ['UND_ERR_CONNECT_TIMEOUT', 'JSS_ERR_CONNECT_TIMEOUT', true, false],
    ['UND_ERR_HEADERS_TIMEOUT', 'JSS_ERR_TIMEOUT', true, true],
    ['UND_ERR_BODY_TIMEOUT', 'JSS_ERR_TIMEOUT', true, true],
    ['ECONNRESET', 'JSS_ERR_SOCKET', true, true],
    ['UND_ERR_SOCKET', 'JSS_ERR_SOCKET', true, true],
    ['UND_ERR_CLOSED', 'JSS_ERR_CLIENT_CLOSED', false, true],
    ['UND_ERR_DESTROYED', 'JSS_ERR_CLIENT_CLOSED', false, true],
    ['CERT_HAS_EXPIRED', 'JSS_ERR_TLS', false, false],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'JSS_ERR_TLS', false, false],
  ])('%s → %s', (code, expected, retryable, ambiguous) => {
    const cause = systemError(code)
    const error = toTransportError(cause, 'https://b.s.jcloud.com', '/b/k')
    expect(error).toBeInstanceOf(JssTransportError)
    expect(error).toMatchObject({ code: expected, retryable, ambiguous, resource: '/b/k' })
    expect(error.cause).toBe(cause)
    expect(error.message).toMatch(new RegExp(`[.)] Cause: failure ${code}\\.$`))
    expect(error.message).not.toMatch(/\.[:.]/)
  })

  it('reads the code of an AggregateError (happy eyeballs) from its first error', () => {
    const error = toTransportError(
      new AggregateError([systemError('ECONNREFUSED')]),
      'http://localhost:1',
      '/',
    )
    expect(error.code).toBe('JSS_ERR_CONNECT')
  })

  it('leaves a JssTransportError as it is', () => {
    const original = new JssTransportError('x', 'JSS_ERR_DEADLINE', {
      retryable: false,
      ambiguous: true,
    })
    expect(toTransportError(original, 'o', 'r')).toBe(original)
  })
})
