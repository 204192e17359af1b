import { describe, expect, it } from 'vitest'
import {
  JssLocalError,
  JssLocalOptionError,
  JssLocalResetError,
  JssLocalServiceError,
  JssLocalTruncatedBlobError,
  serviceError,
} from './errors.js'

describe('errors', () => {
  it('carry a stable JSS_ERR_* code, a name and the base class', () => {
    const cases = [
      [new JssLocalOptionError('x'), 'JSS_ERR_INVALID_OPTION', 'JssLocalOptionError'],
      [new JssLocalServiceError(404, 'NoSuchKey', 'x'), 'JSS_ERR_SERVICE', 'JssLocalServiceError'],
      [new JssLocalResetError(), 'JSS_ERR_RESET', 'JssLocalResetError'],
      [
        new JssLocalTruncatedBlobError('b', 2, 1),
        'JSS_ERR_TRUNCATED_BLOB',
        'JssLocalTruncatedBlobError',
      ],
      [new JssLocalError('JSS_ERR_SERVICE', 'x'), 'JSS_ERR_SERVICE', 'JssLocalError'],
    ] as const
    for (const [error, code, name] of cases) {
      expect(error).toBeInstanceOf(JssLocalError)
      expect(error).toBeInstanceOf(Error)
      expect(error.code).toBe(code)
      expect(error.name).toBe(name)
    }
  })

  it('keep the cause, the wire code, the status and the headers', () => {
    const cause = new Error('root')
    expect(new JssLocalError('JSS_ERR_RESET', 'x', { cause }).cause).toBe(cause)
    const error = new JssLocalServiceError(503, 'SlowDown', 'later', { 'Retry-After': '1' })
    expect([error.status, error.jssCode, error.message, error.headers]).toEqual([
      503,
      'SlowDown',
      'later',
      { 'Retry-After': '1' },
    ])
    expect(serviceError(404, 'NoSuchKey', 'gone')).toMatchObject({
      status: 404,
      jssCode: 'NoSuchKey',
      headers: {},
    })
    expect(new JssLocalTruncatedBlobError('b', 2, 1).message).toBe(
      'blob b yielded 1 of the 2 bytes expected',
    )
  })
})
