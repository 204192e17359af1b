import { describe, expect, it } from 'vitest'
import { isServiceError, JssServiceError, JssTransportError } from './errors.js'

const gone = new JssServiceError({ code: 'NoSuchUpload', statusCode: 404, retryable: false })

describe('isServiceError', () => {
  it('is true of a service error, and of one with the given code', () => {
    expect(isServiceError(gone)).toBe(true)
    expect(isServiceError(gone, 'NoSuchUpload')).toBe(true)
    expect(isServiceError(gone, 'NoSuchKey')).toBe(false)
  })
  it('is false of anything else that carries the code', () => {
    const transport = new JssTransportError('reset', 'NoSuchUpload', {
      retryable: true,
      ambiguous: true,
    })
    expect(isServiceError(transport, 'NoSuchUpload')).toBe(false)
    expect(isServiceError({ code: 'NoSuchUpload' }, 'NoSuchUpload')).toBe(false)
    expect(isServiceError(undefined)).toBe(false)
  })
})
