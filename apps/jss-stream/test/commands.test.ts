import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type JssLocal, startJssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliEnv, makeData, runCli, spawnCli, startServer, waitFor } from './cli.js'

let server: JssLocal
let env: Record<string, string>
let dir: string
const data = makeData(5000, 11)
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')
const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex')

beforeAll(async () => {
  server = await startServer()
  env = cliEnv(server)
  dir = mkdtempSync(join(tmpdir(), 'jss-stream-commands-'))
  expect((await runCli(['put', 'test-bucket/cmd/data.bin'], env, data)).code).toBe(0)
})

afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('get --range', () => {
  it('reads the last N bytes with --range=-N and --range -N', async () => {
    for (const args of [['--range=-500'], ['--range', '-500']]) {
      const get = await runCli(['get', 'test-bucket/cmd/data.bin', ...args], env)
      expect(get.stderr).toBe('')
      expect(get.code).toBe(0)
      expect(get.stdout.equals(data.subarray(4500))).toBe(true)
    }
    const more = await runCli(['get', 'test-bucket/cmd/data.bin', '--range=-9999'], env)
    expect(more.stdout.equals(data)).toBe(true)
  })

  it('refuses -0 as a usage error', async () => {
    const get = await runCli(['get', 'test-bucket/cmd/data.bin', '--range=-0'], env)
    expect(get.code).toBe(2)
    expect(get.stderr).toMatch(/^jss-stream: invalid --range "-0": [^\n]*\n$/)
  })
})

describe('get -o, --json, --sha256', () => {
  it('writes to a file, renamed from a temporary one, and prints the JSON line on stdout', async () => {
    const file = join(dir, 'out.bin')
    const get = await runCli(
      ['get', 'test-bucket/cmd/data.bin', '-o', file, '--json', '--sha256'],
      env,
    )
    expect(get.stderr).toBe('')
    expect(get.code).toBe(0)
    expect(readFileSync(file).equals(data)).toBe(true)
    expect(JSON.parse(get.stdout.toString('utf8'))).toEqual({
      bucket: 'test-bucket',
      key: 'cmd/data.bin',
      etag: md5(data),
      size: data.length,
      seconds: expect.any(Number),
      verified: 'md5',
      file,
      sha256: sha256(data),
    })
    expect(readdirSync(dir)).toEqual(['out.bin'])
  })

  it('with the object on stdout, prints the SHA-256 and the JSON line on stderr', async () => {
    const plain = await runCli(['get', 'test-bucket/cmd/data.bin', '--sha256'], env)
    expect(plain.stdout.equals(data)).toBe(true)
    expect(plain.stderr).toBe(`${sha256(data)}  test-bucket/cmd/data.bin\n`)
    const json = await runCli(['get', 'test-bucket/cmd/data.bin', '-o', '-', '--json'], env)
    expect(json.stdout.equals(data)).toBe(true)
    expect(JSON.parse(json.stderr)).toMatchObject({ size: data.length, verified: 'md5' })
  })

  it('leaves no file, temporary or final, when the download fails', async () => {
    const file = join(dir, 'missing.bin')
    const get = await runCli(['get', 'test-bucket/cmd/no-such', '-o', file], env)
    expect(get.code).toBe(1)
    expect(get.stderr).toBe(
      'jss-stream: no such key "cmd/no-such" in bucket "test-bucket" (404 NoSuchKey)\n',
    )
    expect(existsSync(file)).toBe(false)
    expect(readdirSync(dir).filter((name) => name.includes('missing'))).toEqual([])
  })

  it('names a directory that does not exist, without a stack trace', async () => {
    const file = join(dir, 'nowhere', 'x.bin')
    const get = await runCli(['get', 'test-bucket/cmd/data.bin', '-o', file], env)
    expect(get.code).toBe(1)
    expect(get.stderr).toBe(`jss-stream: cannot write ${file}: no such directory\n`)
  })

  it('shows progress with --progress, and none with -q', async () => {
    const shown = await runCli(['get', 'test-bucket/cmd/data.bin', '--progress'], env)
    expect(shown.stderr).toMatch(/^4\.9 KiB \/ 4\.9 KiB \(100%\) {2}[^\n]* {2}0:00\n$/)
    const quiet = await runCli(['get', 'test-bucket/cmd/data.bin', '--progress', '-q'], env)
    expect(quiet.stderr).toBe('')
  })
})

describe('-q', () => {
  it('silences the progress and the summary of put, even with --progress', async () => {
    const put = await runCli(['put', 'test-bucket/cmd/quiet.bin', '--progress', '-q'], env, data)
    expect(put.code).toBe(0)
    expect(put.stderr).toBe('')
    const loud = await runCli(['put', 'test-bucket/cmd/quiet.bin', '--progress'], env, data)
    expect(loud.stderr).toMatch(/jss-stream: uploaded test-bucket\/cmd\/quiet\.bin: /)
  })
})

describe('get -o interrupted', () => {
  it('removes the temporary file on SIGINT and exits 130', async () => {
    // Every GET stalls before answering: the temporary file is open, the body not yet there.
    const slow = await startJssLocal({ buckets: ['test-bucket'], faults: 'getObject:stall=60s@1' })
    try {
      const { createClient } = await import('@jss/protocol')
      const client = createClient({ endpoint: slow.endpoint, credentials: slow.credentials })
      await client.putObject({ bucket: 'test-bucket', key: 'k', body: Buffer.from('data') })
      await client.close()
      const out = mkdtempSync(join(dir, 'sigint-'))
      const child = spawnCli(['get', 'test-bucket/k', '-o', join(out, 'k.bin')], cliEnv(slow))
      child.stdin?.end()
      const stderr: Buffer[] = []
      child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk))
      await waitFor(() => readdirSync(out).length > 0)
      expect(readdirSync(out)[0]).toMatch(/^\.k\.bin\.jss-stream-\d+-[0-9a-f]{8}\.tmp$/)
      const closed = once(child, 'close')
      child.kill('SIGINT')
      const [code] = await closed
      expect(code).toBe(130)
      expect(Buffer.concat(stderr).toString('utf8')).toBe('jss-stream: interrupted by SIGINT\n')
      expect(readdirSync(out)).toEqual([])
    } finally {
      await slow.close()
    }
  }, 30_000)
})

describe('stat', () => {
  it('shows size, ETag, type, date and user metadata, or one JSON object', async () => {
    const put = ['put', 'test-bucket/cmd/meta.txt', '--content-type', 'text/plain']
    expect((await runCli([...put, '--meta', 'owner=ann'], env, 'hello')).code).toBe(0)
    const stat = await runCli(['stat', 'test-bucket/cmd/meta.txt'], env)
    expect(stat.code).toBe(0)
    const text = stat.stdout.toString('utf8')
    expect(text).toContain('Name:          test-bucket/cmd/meta.txt\n')
    expect(text).toContain('Size:          5 (5 B)\n')
    expect(text).toContain(`ETag:          ${md5(Buffer.from('hello'))}\n`)
    expect(text).toContain('Content-Type:  text/plain\n')
    expect(text).toMatch(/Last-Modified: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n/)
    expect(text).toContain('Meta owner:    ann\n')
    const json = await runCli(['stat', 'test-bucket/cmd/meta.txt', '--json'], env)
    expect(JSON.parse(json.stdout.toString('utf8'))).toMatchObject({
      bucket: 'test-bucket',
      key: 'cmd/meta.txt',
      size: 5,
      contentType: 'text/plain',
      lastModified: expect.any(String),
      metadata: { owner: 'ann' },
    })
  })

  it('names a missing key', async () => {
    const stat = await runCli(['stat', 'test-bucket/cmd/none'], env)
    expect(stat.code).toBe(1)
    expect(stat.stderr).toMatch(/^jss-stream: [^\n]*\n$/)
  })
})

describe('rm with several keys', () => {
  it('deletes each, names a missing one and still deletes the others; --force accepts it', async () => {
    for (const key of ['a', 'b']) await runCli(['put', `test-bucket/rm/${key}`], env, key)
    const rm = await runCli(
      ['rm', 'test-bucket/rm/a', 'test-bucket/rm/gone', 'test-bucket/rm/b'],
      env,
    )
    expect(rm.code).toBe(1)
    expect(rm.stderr).toBe(
      'jss-stream: no such key "rm/gone" in bucket "test-bucket" (404 NoSuchKey)\n' +
        'jss-stream: 1 of 3 objects not deleted (each error above)\n',
    )
    const ls = await runCli(['ls', 'test-bucket/rm/'], env)
    expect(ls.stdout.toString('utf8')).toBe('')
    const forced = await runCli(['rm', 'test-bucket/rm/a', 'test-bucket/rm/gone', '--force'], env)
    expect(forced.stderr).toBe('')
    expect(forced.code).toBe(0)
  })
})

describe('ls', () => {
  beforeAll(async () => {
    for (const key of ['ls/top.txt', 'ls/sub/one', 'ls/sub/two', 'ls/other/deep/x']) {
      expect((await runCli(['put', `test-bucket/${key}`], env, 'x'.repeat(2048))).code).toBe(0)
    }
  })

  it('lists the buckets without an argument (creation date, name; --json per line)', async () => {
    expect((await runCli(['mb', 'ls-second-bucket'], env)).code).toBe(0)
    const ls = await runCli(['ls'], env)
    expect(ls.code).toBe(0)
    const lines = ls.stdout.toString('utf8').split('\n').filter(Boolean)
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ {2}test-bucket$/),
        expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ {2}ls-second-bucket$/),
      ]),
    )
    const json = await runCli(['ls', '--json'], env)
    const buckets = json.stdout
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(buckets).toContainEqual({ bucket: 'ls-second-bucket', creationDate: expect.any(String) })
    expect((await runCli(['rb', 'ls-second-bucket'], env)).code).toBe(0)
  })

  it('groups by / with PRE lines, like aws s3 ls', async () => {
    const ls = await runCli(['ls', 'test-bucket/ls/'], env)
    expect(ls.code).toBe(0)
    const lines = ls.stdout.toString('utf8').split('\n').filter(Boolean)
    expect(lines).toEqual([
      `${' '.repeat(32)}PRE ls/other/`,
      `${' '.repeat(32)}PRE ls/sub/`,
      expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ {10}2048 {2}ls\/top\.txt$/),
    ])
  })

  it('lists every object with --recursive, sizes for people with -h, JSON lines with --json', async () => {
    const ls = await runCli(['ls', 'test-bucket/ls/', '--recursive', '-h'], env)
    const lines = ls.stdout.toString('utf8').split('\n').filter(Boolean)
    expect(lines.map((l) => l.split('  ').at(-1))).toEqual([
      'ls/other/deep/x',
      'ls/sub/one',
      'ls/sub/two',
      'ls/top.txt',
    ])
    expect(lines.every((l) => l.includes('     2.0 KiB  '))).toBe(true)
    const json = await runCli(['ls', 'test-bucket/ls/', '--json'], env)
    const entries = json.stdout
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(entries).toEqual([
      { prefix: 'ls/other/' },
      { prefix: 'ls/sub/' },
      {
        key: 'ls/top.txt',
        size: 2048,
        etag: expect.any(String),
        lastModified: expect.any(String),
        storageClass: expect.toSatisfy((v: unknown) => v === null || typeof v === 'string'),
      },
    ])
  })
})

describe('uploads --json and abort --all --older-than', () => {
  it('lists one JSON object per upload and aborts only the old ones', async () => {
    const { createClient } = await import('@jss/protocol')
    const client = createClient({ endpoint: server.endpoint, credentials: server.credentials })
    try {
      const one = await client.initiateMultipartUpload({ bucket: 'test-bucket', key: 'old/one' })
      await client.initiateMultipartUpload({ bucket: 'test-bucket', key: 'old/two' })
      const listed = await runCli(['uploads', 'test-bucket/old/', '--json'], env)
      const uploads = listed.stdout
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
      expect(uploads).toHaveLength(2)
      expect(uploads).toContainEqual({
        key: 'old/one',
        uploadId: one.uploadId,
        initiated: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      })
      const young = await runCli(['abort', '--all', '--older-than', '1h', 'test-bucket/old/'], env)
      expect(young.code).toBe(0)
      expect(young.stderr).toBe('jss-stream: aborted 0 uploads; kept 2 newer than --older-than\n')
      await new Promise((resolve) => setTimeout(resolve, 1100))
      const old = await runCli(['abort', '--all', '--older-than', '1s', 'test-bucket/old/'], env)
      expect(old.stderr).toBe('jss-stream: aborted 2 uploads\n')
      const quiet = await runCli(['abort', '--all', '-q', 'test-bucket/old/'], env)
      expect(quiet.stderr).toBe('')
      expect((await runCli(['uploads', 'test-bucket/old/'], env)).stdout.toString()).toBe('')
    } finally {
      await client.close()
    }
  })

  it('measures --older-than by the server clock: a local clock ahead does not age a new upload', async () => {
    // the server's clock 10 minutes behind ours (within the signature skew): its uploads look
    // 10 minutes old to the local clock the moment they start
    const behind = await startJssLocal({ buckets: ['skewed'], now: () => Date.now() - 10 * 60_000 })
    const { createClient } = await import('@jss/protocol')
    const client = createClient({ endpoint: behind.endpoint, credentials: behind.credentials })
    try {
      await client.initiateMultipartUpload({ bucket: 'skewed', key: 'fresh' })
      const kept = await runCli(['abort', '--all', '--older-than', '5m', 'skewed'], cliEnv(behind))
      expect(kept.stderr.toString()).toBe(
        'jss-stream: aborted 0 uploads; kept 1 newer than --older-than\n',
      )
      const aged = await runCli(['abort', '--all', '--older-than', '0s', 'skewed'], cliEnv(behind))
      expect(aged.stderr.toString()).toBe('jss-stream: aborted 1 upload\n')
    } finally {
      await client.close()
      await behind.close()
    }
  })

  it('refuses --older-than without --all, and a bad duration, as usage errors', async () => {
    const alone = await runCli(['abort', 'test-bucket/k', 'id', '--older-than', '1h'], env)
    expect(alone.code).toBe(2)
    const bad = await runCli(['abort', '--all', '--older-than', 'soon', 'test-bucket'], env)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^jss-stream: invalid --older-than "soon": [^\n]*\n$/)
  })
})
