import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  describeSource,
  type Profile,
  resolveConfig,
  resolveEndpoint,
  resolveSettings,
} from './config.js'
import { MissingCredentialsError, UsageError } from './errors.js'

const env = {
  JSS_ENDPOINT: 'http://env.example:9000',
  JSS_ACCESS_KEY: 'env-ak',
  JSS_SECRET_KEY: 'env-sk',
}

describe('resolveConfig', () => {
  it('reads the environment', () => {
    expect(resolveConfig({}, env)).toEqual({
      dialect: 'jss',
      region: undefined,
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
      dialect: 'jss',
      region: undefined,
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

describe('profiles', () => {
  const profile = (values: Profile['values']): Profile => ({ name: 'backup', file: '/c', values })
  const full = profile({
    endpoint: 'http://profile.example',
    access_key: 'p-ak',
    secret_key: 'p-sk',
    addressing: 'path',
    timeout: '5m',
  })

  it('fills what flags and environment leave unset', () => {
    expect(resolveConfig({}, {}, full)).toEqual({
      dialect: 'jss',
      region: undefined,
      endpoint: 'http://profile.example',
      accessKey: 'p-ak',
      secretKey: 'p-sk',
      addressing: 'path',
      timeoutMs: 300_000,
    })
    const settings = resolveSettings({ 'access-key': 'f-ak' }, { JSS_SECRET_KEY: 'e-sk' }, full)
    expect(settings.accessKey).toEqual({
      value: 'f-ak',
      source: { kind: 'flag', name: '--access-key' },
    })
    expect(settings.secretKey).toEqual({
      value: 'e-sk',
      source: { kind: 'env', name: 'JSS_SECRET_KEY' },
    })
    expect(describeSource(settings.endpoint.source)).toBe('profile backup in /c')
    expect(describeSource(resolveSettings({}, {}).timeout.source)).toBe('default')
  })

  it('puts flags over environment over profile, per setting', () => {
    const layer = fc.option(fc.constantFrom('a', 'b', ''), { nil: undefined })
    fc.assert(
      fc.property(layer, layer, layer, (flag, envValue, profileValue) => {
        const settings = resolveSettings(
          { 'access-key': flag },
          { JSS_ACCESS_KEY: envValue },
          profile(profileValue === undefined ? {} : { access_key: profileValue }),
        )
        const expected = [flag, envValue, profileValue].find((v) => v !== undefined && v !== '')
        expect(settings.accessKey.value).toBe(expected)
        const kinds = ['flag', 'env', 'profile']
        const at = [flag, envValue, profileValue].indexOf(expected)
        expect(settings.accessKey.source.kind).toBe(expected === undefined ? 'default' : kinds[at])
      }),
    )
  })

  it('takes endpoint and region from the first layer that sets either', () => {
    const region = profile({ region: 'cn-east-2' })
    expect(resolveEndpoint({}, {}, region)).toBe('https://s-sh.jcloud.com')
    expect(resolveEndpoint({}, { JSS_ENDPOINT: 'http://env' }, region)).toBe('http://env')
    expect(resolveEndpoint({ region: 'cn-north-1' }, {}, full)).toBe('https://s-bj.jcloud.com')
    expect(() => resolveEndpoint({}, {}, profile({ region: 'x', endpoint: 'http://y' }))).toThrow(
      'use either endpoint or region in profile backup of /c, not both',
    )
  })

  it('names the file, profile and key of a bad value', () => {
    expect(() => resolveConfig({}, env, profile({ timeout: 'soon' }))).toThrow(
      '/c: profile backup: invalid timeout "soon": use seconds or a duration',
    )
    expect(() => resolveConfig({}, env, profile({ addressing: 'up' }))).toThrow(
      '/c: profile backup: invalid addressing "up": use auto, virtual-host or path',
    )
    expect(() =>
      resolveConfig({}, {}, profile({ endpoint: 'ftp://x', access_key: 'a', secret_key: 'b' })),
    ).toThrow('/c: profile backup: invalid endpoint "ftp://x": use an http:// or https:// URL')
    expect(() => resolveConfig({}, {}, profile({ region: 'mars-1' }))).toThrow(
      '/c: profile backup: unknown region "mars-1"',
    )
    expect(() => resolveConfig({}, { ...env, JSS_TIMEOUT: 'x' })).toThrow('invalid JSS_TIMEOUT "x"')
  })

  it('reads a secret-key file only when it is the setting in effect', () => {
    const read = (path: string) => `secret of ${path}`
    expect(resolveSettings({ 'secret-key-file': 'f' }, env, full, read).secretKey).toEqual({
      value: 'secret of f',
      source: { kind: 'flag', name: '--secret-key-file', file: 'f' },
    })
    const fromEnv = resolveSettings({}, { JSS_SECRET_KEY_FILE: 'g' }, full, read).secretKey
    expect(describeSource(fromEnv.source)).toBe('env JSS_SECRET_KEY_FILE g')
    expect(
      resolveSettings({}, { ...env, JSS_SECRET_KEY_FILE: 'g' }, full, read).secretKey.value,
    ).toBe('env-sk')
    expect(() =>
      resolveSettings({ 'secret-key': 'a', 'secret-key-file': 'f' }, {}, full, read),
    ).toThrow('use either --secret-key or --secret-key-file, not both')
  })
})

describe('the S3 dialect', () => {
  const aws = {
    AWS_ACCESS_KEY_ID: 'aws-ak',
    AWS_SECRET_ACCESS_KEY: 'aws-sk',
    AWS_REGION: 'eu-west-3',
    AWS_ENDPOINT_URL: 'http://minio.example:9000',
  }

  it('is inferred from JD Cloud S3, AWS and R2 endpoints, and JSS from JSS hosts', () => {
    const keys = { JSS_ACCESS_KEY: 'ak', JSS_SECRET_KEY: 'sk' }
    const of = (endpoint: string) => resolveConfig({ endpoint }, keys)
    expect(of('https://s3.cn-north-1.jdcloud-oss.com')).toMatchObject({
      dialect: 's3',
      region: 'cn-north-1',
    })
    expect(of('https://s3.eu-west-1.amazonaws.com')).toMatchObject({
      dialect: 's3',
      region: 'eu-west-1',
    })
    expect(of('https://acct.r2.cloudflarestorage.com')).toMatchObject({
      dialect: 's3',
      region: 'auto',
    })
    expect(of('https://s3.amazonaws.com')).toMatchObject({ dialect: 's3', region: 'us-east-1' })
    expect(of('https://s-bj.jcloud.com')).toMatchObject({ dialect: 'jss', region: undefined })
    expect(of('http://127.0.0.1:9000')).toMatchObject({ dialect: 'jss' })
    // A look-alike host is not inferred.
    expect(of('https://evil-jdcloud-oss.com')).toMatchObject({ dialect: 'jss' })
  })

  it('reads AWS_* only in the S3 dialect, and only when the JSS_* ones are unset', () => {
    expect(resolveConfig({ dialect: 's3' }, aws)).toEqual({
      dialect: 's3',
      region: 'eu-west-3',
      endpoint: 'http://minio.example:9000',
      accessKey: 'aws-ak',
      secretKey: 'aws-sk',
      addressing: undefined,
      timeoutMs: undefined,
    })
    // Only AWS_ENDPOINT_URL set: the S3 dialect is inferred.
    expect(resolveConfig({}, aws)).toMatchObject({ dialect: 's3', accessKey: 'aws-ak' })
    expect(
      resolveConfig(
        { dialect: 's3' },
        { ...aws, JSS_ACCESS_KEY: 'jss-ak', JSS_SECRET_KEY: 'jss-sk', JSS_REGION: 'cn-east-1' },
      ),
    ).toMatchObject({
      dialect: 's3',
      accessKey: 'jss-ak',
      secretKey: 'jss-sk',
      region: 'cn-east-1',
    })
    // A JSS endpoint: AWS keys are never sent to it.
    expect(() => resolveConfig({}, { ...aws, JSS_ENDPOINT: 'https://s-bj.jcloud.com' })).toThrow(
      MissingCredentialsError,
    )
    expect(() => resolveConfig({ dialect: 'jss' }, aws)).toThrow(/missing endpoint/)
  })

  it('takes AWS_SESSION_TOKEN with the AWS_ACCESS_KEY_ID it belongs to, never with another key', () => {
    const withToken = { ...aws, AWS_SESSION_TOKEN: 'TOKEN' }
    expect(resolveConfig({}, withToken).sessionToken).toBe('TOKEN')
    expect(
      resolveConfig({}, { ...withToken, JSS_ACCESS_KEY: 'jss-ak', JSS_SECRET_KEY: 'jss-sk' })
        .sessionToken,
    ).toBeUndefined()
    expect(resolveConfig({}, aws).sessionToken).toBeUndefined()
  })

  it('maps a JD Cloud region to its S3 endpoint, and signs with the region given with an endpoint', () => {
    const keys = { JSS_ACCESS_KEY: 'ak', JSS_SECRET_KEY: 'sk' }
    for (const region of ['cn-north-1', 'cn-east-1', 'cn-east-2', 'cn-south-1']) {
      expect(resolveConfig({ dialect: 's3', region }, keys)).toMatchObject({
        endpoint: `https://s3.${region}.jdcloud-oss.com`,
        region,
      })
    }
    expect(() => resolveConfig({ dialect: 's3', region: 'mars-1' }, keys)).toThrow(
      /unknown region "mars-1" for JD Cloud's S3 endpoint/,
    )
    // Both are allowed in the S3 dialect: the endpoint, signed for the region.
    expect(
      resolveConfig(
        { dialect: 's3', region: 'us-west-2', endpoint: 'http://127.0.0.1:9000' },
        keys,
      ),
    ).toMatchObject({ endpoint: 'http://127.0.0.1:9000', region: 'us-west-2' })
    expect(() => resolveConfig({ region: 'cn-north-1', endpoint: 'http://x' }, keys)).toThrow(
      /use either --endpoint or --region/,
    )
  })

  it('refuses a bad dialect or region, naming where it came from', () => {
    const keys = { JSS_ENDPOINT: 'http://x', JSS_ACCESS_KEY: 'ak', JSS_SECRET_KEY: 'sk' }
    expect(() => resolveConfig({ dialect: 'ftp' }, keys)).toThrow(
      /invalid --dialect "ftp": use jss, s3 or auto/,
    )
    expect(() => resolveConfig({}, { ...keys, JSS_DIALECT: 'S3 ' })).toThrow(/invalid JSS_DIALECT/)
    expect(() => resolveConfig({ dialect: 's3', region: 'a b' }, keys)).toThrow(
      /invalid --region "a b"/,
    )
    expect(resolveConfig({ dialect: 'auto' }, keys).dialect).toBe('jss')
    const profile: Profile = { name: 'p', file: '/cfg', values: { dialect: 'nope' } }
    expect(() => resolveConfig({}, keys, profile)).toThrow(
      /\/cfg: profile p: invalid dialect "nope"/,
    )
  })
})
