import { describe, expect, it } from 'vitest'
import {
  findConfigFile,
  holdsSecret,
  isGroupOrOtherAccessible,
  lineOf,
  parseConfigFile,
  profileNames,
  secretKeyOf,
  selectProfile,
} from './config-file.js'

const text = `; comment
[default]
endpoint = http://127.0.0.1:9000
access_key = AK

[profile backup]
region = cn-north-1
secret_key = "s;e#cret"
colour = blue
`

describe('findConfigFile', () => {
  it('takes --config, then JSS_CONFIG_FILE, then XDG_CONFIG_HOME, then HOME', () => {
    const env = { JSS_CONFIG_FILE: '/e', XDG_CONFIG_HOME: '/x', HOME: '/h' }
    expect(findConfigFile('/f', env)).toEqual({
      path: '/f',
      source: { kind: 'flag', name: '--config' },
    })
    expect(findConfigFile(undefined, env).path).toBe('/e')
    expect(findConfigFile(undefined, { ...env, JSS_CONFIG_FILE: '' }).path).toBe(
      '/x/jss-stream/config',
    )
    expect(findConfigFile(undefined, { HOME: '/h' })).toEqual({
      path: '/h/.config/jss-stream/config',
      source: { kind: 'default' },
    })
    expect(findConfigFile(undefined, {}).path).toBeUndefined()
  })
})

describe('selectProfile', () => {
  const file = parseConfigFile('/c', text)

  it('accepts [name] and [profile name]', () => {
    expect(profileNames(file)).toEqual(['backup', 'default'])
    expect(selectProfile(file, 'default', false)).toEqual({
      profile: {
        name: 'default',
        file: '/c',
        values: { endpoint: 'http://127.0.0.1:9000', access_key: 'AK' },
      },
      warnings: [],
    })
    expect(selectProfile(file, 'backup', true).profile?.values).toEqual({
      region: 'cn-north-1',
      secret_key: 's;e#cret',
    })
  })

  it('warns of an unknown key with its file and line', () => {
    expect(selectProfile(file, 'backup', true).warnings).toEqual([
      'warning: /c line 9: unknown key "colour" in profile backup, ignored; the keys are endpoint, region, access_key, secret_key, addressing, timeout, dialect',
    ])
    expect(lineOf(text, 'profile backup', 'colour')).toBe(9)
    expect(lineOf(text, 'default', 'colour')).toBeUndefined()
  })

  it('lists the profiles when the one named is missing', () => {
    expect(() => selectProfile(file, 'prod', true)).toThrow(
      'profile prod not found in /c; it has: backup, default',
    )
    expect(selectProfile(file, 'prod', false).profile).toBeUndefined()
    expect(() => selectProfile(undefined, 'prod', true)).toThrow('there is no config file')
    expect(() => selectProfile(parseConfigFile('/e', ''), 'prod', true)).toThrow(
      'it has no profiles',
    )
  })

  it('refuses a key given twice and a profile defined twice', () => {
    const twice = parseConfigFile('/t', '[default]\ntimeout = 1\ntimeout = 2\n')
    expect(() => selectProfile(twice, 'default', false)).toThrow(
      'timeout is given more than once in profile default of /t: keep one',
    )
    const list = parseConfigFile('/l', '[default]\nregion[] = a\n')
    expect(() => selectProfile(list, 'default', false)).toThrow('region is given more than once')
    const apart = parseConfigFile('/a', '[x]\nregion = a\n[y]\nregion = b\n')
    expect(selectProfile(apart, 'y', true).profile?.values).toEqual({ region: 'b' })
    const both = parseConfigFile('/b', '[x]\nregion = a\n[profile x]\nregion = b\n')
    expect(() => selectProfile(both, 'x', true)).toThrow('profile x is defined twice in /b')
  })
})

describe('secrets', () => {
  it('knows a file that holds a secret and a mode others can read', () => {
    expect(holdsSecret(parseConfigFile('/c', text))).toBe(true)
    expect(holdsSecret(parseConfigFile('/c', '[default]\naccess_key = a\n'))).toBe(false)
    expect(isGroupOrOtherAccessible(0o100600)).toBe(false)
    expect(isGroupOrOtherAccessible(0o100640)).toBe(true)
    expect(isGroupOrOtherAccessible(0o100604)).toBe(true)
  })

  it('takes the first line of a secret-key file, and refuses an empty one', () => {
    expect(secretKeyOf('/s', 'abc\n')).toBe('abc')
    expect(secretKeyOf('/s', 'abc\r\nmore\n')).toBe('abc')
    expect(() => secretKeyOf('/s', '\n')).toThrow('the secret-key file /s is empty')
    expect(() => secretKeyOf('/s', '')).toThrow('the secret-key file /s is empty')
  })
})
