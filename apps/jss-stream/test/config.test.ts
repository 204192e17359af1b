import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { JssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliEnv, makeData, runCli, startServer } from './cli.js'

let server: JssLocal
let home: string
/** The default config file under `home`. */
let configFile: string

beforeAll(async () => {
  server = await startServer()
  home = mkdtempSync(join(tmpdir(), 'jss-stream-config-'))
  mkdirSync(join(home, '.config', 'jss-stream'), { recursive: true })
  configFile = join(home, '.config', 'jss-stream', 'config')
})

afterAll(async () => {
  await server.close()
  rmSync(home, { recursive: true, force: true })
})

/** An environment without JSS_* variables, HOME at the test's home. */
function bareEnv(extra: Record<string, string> = {}): Record<string, string> {
  return cliEnv(undefined, { HOME: home, ...extra })
}

/** Writes the default config file with `mode`. */
function writeConfig(text: string, mode = 0o600, path = configFile): void {
  writeFileSync(path, text)
  chmodSync(path, mode)
}

/** A profile section with the server's endpoint and credentials, `secret` as its secret key. */
function section(header: string, secret = server.credentials.secretKey): string {
  return `[${header}]
endpoint = ${server.endpoint}
access_key = ${server.credentials.accessKey}
secret_key = ${secret}
`
}

describe('profiles', () => {
  it('gives the credentials of a put/get round trip', async () => {
    writeConfig(section('default'))
    const data = makeData(200_000, 5)
    const put = await runCli(['put', 'test-bucket/profile/a.bin'], bareEnv(), data)
    expect(put.stderr).toBe('')
    expect(put.code).toBe(0)
    const get = await runCli(['get', 'test-bucket/profile/a.bin'], bareEnv())
    expect(get.stderr).toBe('')
    expect(get.code).toBe(0)
    expect(get.stdout.equals(data)).toBe(true)
  })

  it('selects [profile NAME] with --profile or JSS_PROFILE', async () => {
    writeConfig(`${section('default', 'wrong-secret')}\n${section('profile backup')}`)
    const wrong = await runCli(['ls', 'test-bucket'], bareEnv())
    expect(wrong.code).toBe(1)
    const flag = await runCli(['--profile', 'backup', 'ls', 'test-bucket'], bareEnv())
    expect(flag.stderr).toBe('')
    expect(flag.code).toBe(0)
    const env = await runCli(['ls', 'test-bucket'], bareEnv({ JSS_PROFILE: 'backup' }))
    expect(env.code).toBe(0)
  })

  it('lets a flag override the profile', async () => {
    writeConfig(section('default', 'wrong-secret'))
    const args = ['ls', 'test-bucket', '--secret-key', server.credentials.secretKey]
    const result = await runCli(args, bareEnv())
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
  })

  it('lets the environment override the profile', async () => {
    writeConfig(section('default', 'wrong-secret'))
    const env = bareEnv({ JSS_SECRET_KEY: server.credentials.secretKey })
    const result = await runCli(['ls', 'test-bucket'], env)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const config = await runCli(['config'], env)
    expect(config.stdout.toString()).toMatch(/^secret key +\*{4}\S{4} +env JSS_SECRET_KEY$/m)
  })

  it('refuses a missing profile, listing those the file has (exit 2)', async () => {
    writeConfig(`${section('default')}\n${section('profile backup')}`)
    const result = await runCli(['--profile', 'prod', 'ls', 'test-bucket'], bareEnv())
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      `jss-stream: profile prod not found in ${configFile}; it has: backup, default\n`,
    )
  })

  it('reads --config FILE and JSS_CONFIG_FILE; a missing one is an error', async () => {
    const other = join(home, 'other.ini')
    writeConfig(section('default'), 0o600, other)
    writeConfig(section('default', 'wrong-secret'))
    expect((await runCli(['--config', other, 'ls', 'test-bucket'], bareEnv())).code).toBe(0)
    expect((await runCli(['ls', 'test-bucket'], bareEnv({ JSS_CONFIG_FILE: other }))).code).toBe(0)
    const missing = await runCli(['--config', join(home, 'nope'), 'ls', 'test-bucket'], bareEnv())
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe(`jss-stream: config file ${join(home, 'nope')} not found\n`)
  })

  it('names the file, profile and key of a bad value, and warns of an unknown key', async () => {
    writeConfig(`${section('default')}timeout = soon\ncolour = blue\n`)
    const result = await runCli(['ls', 'test-bucket'], bareEnv())
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      `jss-stream: warning: ${configFile} line 6: unknown key "colour" in profile default, ignored; the keys are endpoint, region, access_key, secret_key, addressing, timeout, dialect\n` +
        `jss-stream: ${configFile}: profile default: invalid timeout "soon": use seconds or a duration, e.g. 60, 15m, 1h, 7d\n`,
    )
  })
})

describe('secrets on disk', () => {
  it('warns once when the config file with a secret key is readable by others', async () => {
    writeConfig(section('default'), 0o644)
    const data = makeData(1000, 2)
    const result = await runCli(['put', 'test-bucket/profile/b.bin'], bareEnv(), data)
    expect(result.code).toBe(0)
    expect(result.stderr).toBe(
      `jss-stream: warning: ${configFile} holds a secret key and is accessible by group or others; run chmod 600 ${configFile}\n`,
    )
    writeConfig(`[default]\nendpoint = ${server.endpoint}\n`, 0o644)
    expect((await runCli(['config'], bareEnv())).stderr).toBe('')
  })

  it('reads --secret-key-file and JSS_SECRET_KEY_FILE, warning when others can read them', async () => {
    writeConfig(section('default', 'wrong-secret'))
    const file = join(home, 'secret')
    writeConfig(`${server.credentials.secretKey}\n`, 0o600, file)
    const flag = await runCli(['ls', 'test-bucket', '--secret-key-file', file], bareEnv())
    expect(flag.stderr).toBe('')
    expect(flag.code).toBe(0)
    chmodSync(file, 0o640)
    const env = await runCli(['ls', 'test-bucket'], bareEnv({ JSS_SECRET_KEY_FILE: file }))
    expect(env.code).toBe(0)
    expect(env.stderr).toBe(
      `jss-stream: warning: ${file} holds a secret key and is accessible by group or others; run chmod 600 ${file}\n`,
    )
  })

  it('refuses an empty or missing secret-key file (exit 2)', async () => {
    writeConfig(section('default'))
    const file = join(home, 'empty')
    writeConfig('\n', 0o600, file)
    const empty = await runCli(['ls', 'test-bucket', '--secret-key-file', file], bareEnv())
    expect(empty.code).toBe(2)
    expect(empty.stderr).toBe(`jss-stream: the secret-key file ${file} is empty\n`)
    const missing = await runCli(
      ['ls', 'test-bucket', '--secret-key-file', `${file}-no`],
      bareEnv(),
    )
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe(`jss-stream: secret-key file ${file}-no not found\n`)
  })
})

describe('jss-stream config', () => {
  it('prints each setting, the secret key masked, and where it came from', async () => {
    writeConfig(`[profile backup]
endpoint = ${server.endpoint}
access_key = AKID
secret_key = verysecretWXYZ
timeout = 2m
`)
    const env = bareEnv({ JSS_PROFILE: 'backup', JSS_ACCESS_KEY: 'ENVAK' })
    const result = await runCli(['config', '--addressing', 'path'], env)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const text = result.stdout.toString()
    expect(text).not.toContain('verysecret')
    const inFile = `profile backup in ${configFile}`
    const rows = text
      .trimEnd()
      .split('\n')
      .map((line) => line.split(/ {2,}/))
    expect(rows).toEqual([
      ['dialect', 'jss', 'default'],
      ['endpoint', server.endpoint, inFile],
      ['region', '-', 'default'],
      ['access key', 'ENVAK', 'env JSS_ACCESS_KEY'],
      ['secret key', '****WXYZ', inFile],
      ['addressing', 'path', 'flag --addressing'],
      ['timeout', '2m', inFile],
      ['profile', 'backup', 'env JSS_PROFILE'],
      ['config file', configFile, 'default'],
    ])
    const json = await runCli(['config', '--json'], env)
    expect(JSON.parse(json.stdout.toString())).toEqual({
      dialect: { value: 'jss', source: 'default' },
      endpoint: { value: server.endpoint, source: inFile },
      region: { value: null, source: 'default' },
      accessKey: { value: 'ENVAK', source: 'env JSS_ACCESS_KEY' },
      secretKey: { value: '****WXYZ', source: inFile },
      addressing: { value: 'auto', source: 'default' },
      timeout: { value: '2m', source: inFile },
      profile: { value: 'backup', source: 'env JSS_PROFILE' },
      configFile: { value: configFile, source: 'default' },
    })
  })

  it('works without a config file or credentials, and has help', async () => {
    const result = await runCli(['config', '--json'], bareEnv({ XDG_CONFIG_HOME: join(home, 'x') }))
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout.toString()).configFile).toEqual({
      value: `${join(home, 'x', 'jss-stream', 'config')} (not found)`,
      source: 'default',
    })
    const help = await runCli(['config', '--help'], bareEnv())
    expect(help.stdout.toString()).toContain('jss-stream config --profile backup --json')
    const global = await runCli(['--help'], bareEnv())
    expect(global.stdout.toString()).toContain('flag, else environment, else profile, else default')
  })
})

describe('jss:// addresses', () => {
  it('are accepted wherever bucket/key is', async () => {
    const env = cliEnv(server, { HOME: home })
    writeConfig('')
    const data = makeData(5000, 9)
    const put = await runCli(['put', 'jss://test-bucket/scheme/c.bin'], env, data)
    expect(put.code).toBe(0)
    const get = await runCli(['get', 'jss://test-bucket/scheme/c.bin'], env)
    expect(get.stdout.equals(data)).toBe(true)
    const ls = await runCli(['ls', 'jss://test-bucket/scheme/'], env)
    expect(ls.stdout.toString()).toContain('scheme/c.bin')
    expect((await runCli(['ls', 'jss://test-bucket'], env)).code).toBe(0)
    expect((await runCli(['mb', 'jss://made-bucket/'], env)).code).toBe(0)
    expect((await runCli(['rm', 'jss://test-bucket/scheme/c.bin'], env)).code).toBe(0)
  })

  it('refuses other schemes, saying what to use (exit 2)', async () => {
    const result = await runCli(['get', 's3://test-bucket/k'], cliEnv(server, { HOME: home }))
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'jss-stream: unsupported address "s3://test-bucket/k": s3:// is not a JSS address; use jss://<bucket>/<key> or <bucket>/<key>\n',
    )
  })
})
