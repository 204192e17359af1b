import { JssServiceError, JssTransportError } from '@jss/protocol'
import { SizeMismatchError } from '@jss/stream'
import { describe, expect, it } from 'vitest'
import { describeError } from './describe-error.js'
import { IntegrityError, UsageError } from './errors.js'

const service = (code: string, statusCode: number) =>
  new JssServiceError({
    code,
    statusCode,
    retryable: false,
    requestId: 'REQ1',
    resource: '/b/k',
    serviceMessage: 'the service says so',
  })

describe('describeError', () => {
  const context = { endpoint: 'http://127.0.0.1:9', bucket: 'b', key: 'k' }

  it('passes the CLI errors through', () => {
    expect(describeError(new UsageError('bad'), context)).toBe('bad')
    expect(describeError(new IntegrityError('short'), context)).toBe('short')
  })

  it.each([
    ['SignatureDoesNotMatch', 403, 'check the secret key (JSS_SECRET_KEY or --secret-key)'],
    ['InvalidAccessKeyId', 403, 'check the access key'],
    ['NoSuchBucket', 404, 'no such bucket "b" (404 NoSuchBucket)'],
    ['NoSuchKey', 404, 'no such key "k" in bucket "b" (404 NoSuchKey)'],
    ['NoSuchUpload', 404, 'no such upload (404 NoSuchUpload)'],
    ['RequestTimeTooSkewed', 403, 'check the system clock'],
    ['AccessDenied', 403, 'access denied (403 AccessDenied)'],
  ])('explains %s', (code, status, text) => {
    expect(describeError(service(code, status), context)).toContain(text)
  })

  it('falls back to the service error message for other codes', () => {
    expect(describeError(service('InternalError', 500), context)).toContain(
      'JSS 500 InternalError on /b/k (request id REQ1): the service says so',
    )
  })

  it('takes no code for a description inherited from Object.prototype', () => {
    expect(describeError(service('constructor', 400), context)).toContain(
      'JSS 400 constructor on /b/k',
    )
  })

  it('names the endpoint when it cannot be reached', () => {
    const refused = new JssTransportError('Cannot connect', 'JSS_ERR_CONNECT', {
      retryable: true,
      ambiguous: false,
    })
    expect(describeError(refused, context)).toBe(
      'cannot reach http://127.0.0.1:9: connection refused; check --endpoint or JSS_ENDPOINT and that the service is running',
    )
    const dns = new JssTransportError('no host', 'JSS_ERR_DNS', {
      retryable: true,
      ambiguous: false,
    })
    expect(describeError(dns, context)).toContain('unknown host')
  })

  it("uses the stream package's messages", () => {
    expect(describeError(new SizeMismatchError(10, 5), context)).toBe(
      'the stream has 5 bytes, 10 were declared',
    )
  })

  it('keeps to one line and copes with non-errors', () => {
    expect(describeError(new Error('first\nsecond'))).toBe('first')
    expect(describeError('text')).toBe('text')
  })
})
