import { describe, expect, it } from 'vitest'
import type { ClientOptions } from './client-options.js'
import { JssInvalidArgumentError } from './errors.js'
import { DEFAULTS, resolveOptions } from './resolve-options.js'

const base: ClientOptions = {
  endpoint: 'https://s.jcloud.com',
  credentials: { accessKey: 'AK', secretKey: 'SK' },
}

describe('resolveOptions', () => {
  it('applies the documented defaults', async () => {
    const resolved = resolveOptions(base)
    expect(resolved.addressing).toBe('virtual-host')
    expect(resolved.retry).toEqual(DEFAULTS.retry)
    expect(resolved.retry.attempts).toBeGreaterThanOrEqual(6)
    expect(resolved.timeouts).toEqual(DEFAULTS.timeouts)
    expect(resolved.userAgent).toMatch(/^@jss\/protocol\/\d+\.\d+\.\d+/)
    expect(resolved.ownsDispatcher).toBe(true)
    await resolved.dispatcher.close()
  })

  it('uses path-style for other hosts and prefixes the user agent', async () => {
    const resolved = resolveOptions({
      ...base,
      endpoint: 'http://127.0.0.1:9000',
      userAgent: 'jss-stream/1.0.0',
    })
    expect(resolved.addressing).toBe('path')
    expect(resolved.userAgent).toMatch(/^jss-stream\/1\.0\.0 @jss\/protocol\//)
    await resolved.dispatcher.close()
  })

  it.each([
    ['a non-URL endpoint', { endpoint: 'not a url' }, /endpoint/],
    ['an ftp endpoint', { endpoint: 'ftp://x' }, /http/],
    ['an endpoint with a path', { endpoint: 'https://s.jcloud.com/bucket' }, /without path/],
    ['empty credentials', { credentials: { accessKey: '', secretKey: 'SK' } }, /credentials/],
    ['a bad addressing', { addressing: 'dns' }, /addressing/],
    ['zero attempts', { retry: { attempts: 0 } }, /attempts/],
    ['a negative timeout', { timeouts: { request: -1 } }, /timeouts.request/],
    ['fractional connections', { connections: 1.5 }, /connections/],
  ])('rejects %s before any I/O', (_name, patch, message) => {
    const run = () => resolveOptions({ ...base, ...(patch as Partial<ClientOptions>) })
    expect(run).toThrow(JssInvalidArgumentError)
    expect(run).toThrow(message)
  })

  it('takes a session token in the S3 dialect only, and never an empty one', async () => {
    const token = { accessKey: 'AK', secretKey: 'SK', sessionToken: 'TOKEN' }
    const s3 = resolveOptions({ ...base, credentials: token, dialect: 's3' })
    expect(s3.credentials.sessionToken).toBe('TOKEN')
    await s3.dispatcher.close()
    expect(() => resolveOptions({ ...base, credentials: token })).toThrow(/for dialect 's3' only/)
    expect(() =>
      resolveOptions({ ...base, credentials: { ...token, sessionToken: '' }, dialect: 's3' }),
    ).toThrow(JssInvalidArgumentError)
  })

  it('never puts the secret in a validation message', () => {
    const secretKey = 'super-secret-value'
    try {
      resolveOptions({ ...base, endpoint: 'bad', credentials: { accessKey: 'AK', secretKey } })
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(secretKey)
    }
    expect(() => resolveOptions({ ...base, endpoint: 'bad' })).toThrow()
  })
})

describe('DEFAULTS', () => {
  it('is frozen, its nested objects too', () => {
    expect(Object.isFrozen(DEFAULTS)).toBe(true)
    expect(Object.isFrozen(DEFAULTS.timeouts)).toBe(true)
    expect(Object.isFrozen(DEFAULTS.retry)).toBe(true)
  })
})
