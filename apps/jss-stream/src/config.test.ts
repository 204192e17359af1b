import { describe, expect, it } from 'vitest'
import { resolveConfig, resolveEndpoint } from './config.js'
import { MissingCredentialsError, UsageError } from './errors.js'

const env = {
  JSS_ENDPOINT: 'http://env.example:9000',
  JSS_ACCESS_KEY: 'env-ak',
  JSS_SECRET_KEY: 'env-sk',
}

describe('resolveConfig', () => {
  it('reads the environment', () => {
    expect(resolveConfig({}, env)).toEqual({
      endpoint: 'http://env.example:9000',
      accessKey: 'env-ak',
      secretKey: 'env-sk',
      addressing: undefined,
    })
  })

  it('puts flags over the environment', () => {
    const flags = {
      endpoint: 'http://flag.example/',
      'access-key': 'flag-ak',
      'secret-key': 'flag-sk',
      addressing: 'path',
    }
    expect(resolveConfig(flags, env)).toEqual({
      endpoint: 'http://flag.example',
      accessKey: 'flag-ak',
      secretKey: 'flag-sk',
      addressing: 'path',
    })
  })

  it('treats an empty variable as unset', () => {
    expect(() => resolveConfig({}, { ...env, JSS_SECRET_KEY: '' })).toThrow(MissingCredentialsError)
  })

  it('names what is missing without echoing anything secret', () => {
    const error = (() => {
      try {
        resolveConfig({}, { JSS_ENDPOINT: 'http://x', JSS_SECRET_KEY: 'hunter2' })
      } catch (e) {
        return e as Error
      }
      return undefined
    })()
    expect(error?.message).toBe(
      'missing credentials (access key): set JSS_ACCESS_KEY and JSS_SECRET_KEY, or pass --access-key and --secret-key',
    )
    expect(error?.message).not.toContain('hunter2')
  })

  it('rejects an unknown addressing style', () => {
    expect(() => resolveConfig({ addressing: 'sideways' }, env)).toThrow(UsageError)
    expect(resolveConfig({ addressing: 'virtual' }, env).addressing).toBe('virtual-host')
    expect(resolveConfig({ addressing: 'auto' }, env).addressing).toBeUndefined()
  })
})

describe('--timeout', () => {
  it('takes the flag over JSS_TIMEOUT, in seconds or a duration', () => {
    expect(resolveConfig({}, env).timeoutMs).toBeUndefined()
    expect(resolveConfig({}, { ...env, JSS_TIMEOUT: '' }).timeoutMs).toBeUndefined()
    expect(resolveConfig({}, { ...env, JSS_TIMEOUT: '90' }).timeoutMs).toBe(90_000)
    expect(resolveConfig({ timeout: '2m' }, { ...env, JSS_TIMEOUT: '90' }).timeoutMs).toBe(120_000)
  })

  it('refuses a zero or malformed timeout', () => {
    expect(() => resolveConfig({ timeout: '0' }, env)).toThrow(UsageError)
    expect(() => resolveConfig({ timeout: 'soon' }, env)).toThrow(/invalid --timeout "soon"/)
  })
})

describe('resolveEndpoint', () => {
  it('maps --region to a JD Cloud host, over the environment', () => {
    expect(resolveEndpoint({ region: 'cn-north-1' }, env)).toBe('https://s-bj.jcloud.com')
    expect(resolveEndpoint({ region: 'cn-east-2' }, {})).toBe('https://s-sh.jcloud.com')
    expect(resolveEndpoint({ region: 'cn-south-1' }, {})).toBe('https://s-gz.jcloud.com')
  })

  it('rejects an unknown region, a conflict, a missing or malformed endpoint', () => {
    expect(() => resolveEndpoint({ region: 'mars-1' }, {})).toThrow('unknown region "mars-1"')
    expect(() => resolveEndpoint({ region: 'cn-north-1', endpoint: 'http://x' }, {})).toThrow(
      UsageError,
    )
    expect(() => resolveEndpoint({}, {})).toThrow('missing endpoint')
    expect(() => resolveEndpoint({ endpoint: 'not a url' }, {})).toThrow('invalid endpoint')
    expect(() => resolveEndpoint({ endpoint: 'ftp://x' }, {})).toThrow('invalid endpoint')
  })
})
