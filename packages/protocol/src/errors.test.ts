import { describe, expect, it, vi } from 'vitest'
import {
  isServiceError,
  JssBodyError,
  JssError,
  JssIntegrityError,
  JssInvalidArgumentError,
  JssRequestError,
  JssResponseError,
  JssServiceError,
  JssTransportError,
  type JssTransportErrorCode,
} from './errors.js'

const gone = new JssServiceError({ code: 'NoSuchUpload', statusCode: 404, retryable: false })

describe('isServiceError', () => {
  it('is true of a service error, and of one with the given code', () => {
    expect(isServiceError(gone)).toBe(true)
    expect(isServiceError(gone, 'NoSuchUpload')).toBe(true)
    expect(isServiceError(gone, 'NoSuchKey')).toBe(false)
  })
  it('is false of anything else that carries the code', () => {
    // a code no transport error has, forced: the point is that the class decides, not the code
    const transport = new JssTransportError('reset', 'NoSuchUpload' as JssTransportErrorCode, {
      retryable: true,
      ambiguous: true,
    })
    expect(isServiceError(transport, 'NoSuchUpload')).toBe(false)
    expect(isServiceError({ code: 'NoSuchUpload' }, 'NoSuchUpload')).toBe(false)
    expect(isServiceError(undefined)).toBe(false)
  })
})

describe('the error classes', () => {
  it('take (code, message, options) at the base, with name and code as fields', () => {
    const cause = new Error('inner')
    const error = new JssError('JSS_ERR_INVALID_ARG', 'bad', { cause })
    expect(error).toMatchObject({ name: 'JssError', code: 'JSS_ERR_INVALID_ARG', message: 'bad' })
    expect(error.cause).toBe(cause)
    expect(Object.keys(new JssInvalidArgumentError('x'))).toContain('name')
    expect(new JssInvalidArgumentError('x')).toMatchObject({
      name: 'JssInvalidArgumentError',
      code: 'JSS_ERR_INVALID_ARG',
    })
  })

  it('share the request facts through JssRequestError', () => {
    const errors = [
      gone,
      new JssTransportError('reset', 'JSS_ERR_SOCKET', {
        resource: '/b/k',
        retryable: true,
        ambiguous: true,
      }),
      new JssResponseError('broken', { statusCode: 200, requestId: 'r1', resource: '/b/k' }),
      new JssIntegrityError('wrong', { expected: 'a', actual: 'b', retryable: true }),
      new JssBodyError('short', 'JSS_ERR_BODY_LENGTH', {
        resource: '/b/k',
        expected: 2,
        actual: 1,
      }),
    ]
    for (const error of errors) {
      expect(error).toBeInstanceOf(JssRequestError)
      expect(error).toBeInstanceOf(JssError)
      expect(error.attempts).toBe(1)
      expect(typeof error.retryable).toBe('boolean')
    }
    expect(errors.map((e) => [e.name, e.code, e.statusCode, e.retryable])).toEqual([
      ['JssServiceError', 'NoSuchUpload', 404, false],
      ['JssTransportError', 'JSS_ERR_SOCKET', undefined, true],
      ['JssResponseError', 'JSS_ERR_INVALID_RESPONSE', 200, false],
      ['JssIntegrityError', 'JSS_ERR_INTEGRITY', undefined, true],
      ['JssBodyError', 'JSS_ERR_BODY_LENGTH', undefined, false],
    ])
    expect(errors[2]?.message).toBe('broken (request id r1)')
  })
})

describe('instanceof across copies of this package', () => {
  it('recognises an error made by another copy (the Symbol.for brand), and nothing else', async () => {
    vi.resetModules()
    const copy = await import('./errors.js')
    expect(copy.JssServiceError).not.toBe(JssServiceError)
    const error = new copy.JssServiceError({
      code: 'NoSuchKey',
      statusCode: 404,
      retryable: false,
      resource: '/b/k',
      requestId: undefined,
      serviceMessage: undefined,
      serverDate: undefined,
    })
    expect(error).toBeInstanceOf(JssServiceError)
    expect(error).toBeInstanceOf(JssRequestError)
    expect(error).toBeInstanceOf(JssError)
    expect(error).not.toBeInstanceOf(JssTransportError)
    expect(isServiceError(error, 'NoSuchKey')).toBe(true)
    expect(new Error('x')).not.toBeInstanceOf(JssError)
    expect({ code: 'NoSuchKey' }).not.toBeInstanceOf(JssServiceError)
    expect(null).not.toBeInstanceOf(JssError)
  })
})
