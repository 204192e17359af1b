import { JssServiceError } from '@jss/protocol'
import { describe, expect, it } from 'vitest'
import { formatRequestEvent } from './open-client.js'

describe('formatRequestEvent', () => {
  const base = {
    operation: 'uploadPart',
    method: 'PUT',
    resource: '/b/k?partNumber=1&uploadId=U',
    requestId: 'ABC',
    attempt: 2,
    duration: 12.4,
  }

  it('shows method, resource, status, request id, attempt and duration', () => {
    expect(formatRequestEvent({ ...base, status: 200, error: undefined })).toBe(
      'PUT /b/k?partNumber=1&uploadId=U 200 request-id=ABC attempt=2 12ms',
    )
  })

  it('names the failure code, and a missing response', () => {
    const error = new JssServiceError({ code: 'SlowDown', statusCode: 503, retryable: true })
    expect(formatRequestEvent({ ...base, status: 503, error })).toBe(
      'PUT /b/k?partNumber=1&uploadId=U 503 SlowDown request-id=ABC attempt=2 12ms',
    )
    expect(
      formatRequestEvent({
        ...base,
        status: undefined,
        requestId: undefined,
        error: new Error('x'),
      }),
    ).toBe('PUT /b/k?partNumber=1&uploadId=U no response attempt=2 12ms')
  })
})
