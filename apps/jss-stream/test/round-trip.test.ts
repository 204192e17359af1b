import { execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { JssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bin, cliEnv, finish, makeData, runCli, startServer } from './cli.js'

let server: JssLocal
let env: Record<string, string>
let dir: string

beforeAll(async () => {
  server = await startServer()
  env = cliEnv(server)
  dir = mkdtempSync(join(tmpdir(), 'jss-stream-test-'))
})

afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex')

/** Runs `sh -c script` with the CLI reachable as $JSS. */
async function shell(script: string) {
  const child = spawn('sh', ['-c', script], {
    env: { ...env, JSS: `${process.execPath} ${bin}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return finish(child)
}

describe('put and get', () => {
  it('round-trips a tar: tar | put, then get | tar t', async () => {
    const src = join(dir, 'src')
    execFileSync('mkdir', ['-p', join(src, 'sub dir')])
    writeFileSync(join(src, 'a.txt'), 'hello\n')
    writeFileSync(join(src, 'sub dir', 'big.bin'), makeData(11 * 2 ** 20, 7))
    const put = await shell(
      `tar c -C '${src}' . | $JSS put 'test-bucket/backups/src.tar' --part-size 5MiB --json`,
    )
    expect(put.stderr).toBe('')
    expect(put.code).toBe(0)
    const summary = JSON.parse(put.stdout.toString('utf8').trim().split('\n').at(-1) ?? '')
    expect(summary).toMatchObject({ bucket: 'test-bucket', key: 'backups/src.tar', parts: 3 })
    const list = await shell(`$JSS get test-bucket/backups/src.tar | tar t | sort`)
    expect(list.code).toBe(0)
    expect(list.stdout.toString('utf8').split('\n').filter(Boolean)).toEqual([
      './',
      './a.txt',
      './sub dir/',
      './sub dir/big.bin',
    ])
  })

  it('prints one JSON line with --json, sha256 included, and keeps the key verbatim', async () => {
    const data = makeData(300_000, 3)
    const key = 'dir/ünï cødé %+3.bin'
    const put = await runCli(['put', `test-bucket/${key}`, '--json', '--sha256'], env, data)
    expect(put.code).toBe(0)
    const lines = put.stdout.toString('utf8').split('\n').filter(Boolean)
    expect(lines).toHaveLength(1)
    const summary = JSON.parse(lines[0] ?? '')
    expect(summary).toEqual({
      bucket: 'test-bucket',
      key,
      etag: createHash('md5').update(data).digest('hex'),
      size: data.length,
      parts: 1,
      seconds: expect.any(Number),
      sha256: sha256(data),
    })
    const get = await runCli(['get', `test-bucket/${key}`], env)
    expect(get.code).toBe(0)
    expect(sha256(get.stdout)).toBe(sha256(data))
    const ls = await runCli(['ls', 'test-bucket/dir/'], env)
    expect(ls.stdout.toString('utf8').endsWith(`      300000  ${key}\n`)).toBe(true)
  })

  it('reads a range', async () => {
    const data = makeData(5000, 4)
    await runCli(['put', 'test-bucket/range.bin'], env, data)
    const get = await runCli(['get', 'test-bucket/range.bin', '--range', '100-199'], env)
    expect(get.code).toBe(0)
    expect(get.stdout.equals(data.subarray(100, 200))).toBe(true)
    const tail = await runCli(['get', 'test-bucket/range.bin', '--range', '4990-'], env)
    expect(tail.stdout.equals(data.subarray(4990))).toBe(true)
  })

  it('exits quietly when stdout is closed early (get | head)', async () => {
    await runCli(
      ['put', 'test-bucket/large.bin', '--part-size', '5MiB'],
      env,
      makeData(12 * 2 ** 20, 5),
    )
    const result = await shell(`$JSS get test-bucket/large.bin | head -c 10 | wc -c`)
    expect(result.stderr).toBe('')
    expect(result.stdout.toString('utf8').trim()).toBe('10')
    const child = spawn(process.execPath, [bin, 'get', 'test-bucket/large.bin'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const done = finish(child)
    await once(child.stdout, 'readable')
    child.stdout.destroy()
    const closed = await done
    expect(closed.stderr).toBe('')
    expect(closed.code).toBe(0)
  })

  it('computes the sha256 of stdin and handles empty input', async () => {
    const put = await runCli(['put', 'test-bucket/empty', '--json', '--sha256'], env, '')
    expect(put.code).toBe(0)
    expect(JSON.parse(put.stdout.toString('utf8'))).toMatchObject({
      size: 0,
      sha256: sha256(new Uint8Array()),
    })
    const get = await runCli(['get', 'test-bucket/empty'], env)
    expect(get.stderr.toString()).toBe('')
    expect(get.code).toBe(0)
    expect(get.stdout.length).toBe(0)
  })
})

describe('talk on stderr', () => {
  it('--verbose logs every request; --progress prints progress lines when stderr is no terminal', async () => {
    const put = await runCli(
      ['put', 'test-bucket/talk.bin', '--verbose', '--progress'],
      env,
      'x'.repeat(1000),
    )
    expect(put.code).toBe(0)
    expect(put.stdout.length).toBe(0)
    const lines = put.stderr.trim().split('\n')
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^jss-stream: PUT \/test-bucket\/talk\.bin 200 request-id=[0-9A-F]+ attempt=1 \d+ms$/,
      ),
    )
    expect(lines).toContainEqual(
      expect.stringMatching(/^1000 B {2}[\d.]+ \S+\/s {2}0 parts in flight {2}\d+ done {2}0:0\d$/),
    )
    expect(lines.at(-1)).toMatch(
      /^jss-stream: uploaded test-bucket\/talk\.bin: 1000 B in one PUT, [\d.]+ s, ETag [0-9a-f]{32}$/,
    )
    const quiet = await runCli(['put', 'test-bucket/talk.bin'], env, 'x')
    expect(quiet.stderr).toBe('')
    expect(quiet.stdout.length).toBe(0)
  })

  it('draws a live progress line when stderr is a terminal', async () => {
    const file = join(dir, 'live.bin')
    writeFileSync(file, makeData(3 * 2 ** 20, 9))
    const child = spawn(
      'script',
      ['-qec', `${process.execPath} ${bin} put test-bucket/live.bin < '${file}'`, '/dev/null'],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    const result = await finish(child)
    expect(result.code).toBe(0)
    const terminal = result.stdout.toString('utf8')
    expect(terminal).toContain('\r\x1b[K')
    expect(terminal).toMatch(/jss-stream: uploaded test-bucket\/live\.bin: 3\.0 MiB in one PUT/)
  })

  it('prints the version', async () => {
    const version = await runCli(['--version'], env)
    expect(version.code).toBe(0)
    expect(version.stdout.toString('utf8')).toBe('0.1.0\n')
  })
})

describe('presign', () => {
  it('prints only a URL that serves the object, and one that accepts a PUT', async () => {
    await runCli(['put', 'test-bucket/shared.txt'], env, 'shared data')
    const url = await runCli(['presign', 'test-bucket/shared.txt', '--expires', '15m'], env)
    expect(url.code).toBe(0)
    const text = url.stdout.toString('utf8')
    expect(text).toMatch(/^http:\/\/\S+\n$/)
    const response = await fetch(text.trim())
    expect(await response.text()).toBe('shared data')

    const putUrl = await runCli(
      ['presign', 'test-bucket/inbox.txt', '--method', 'PUT', '--content-type', 'text/plain'],
      env,
    )
    const upload = await fetch(putUrl.stdout.toString('utf8').trim(), {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: 'via presigned PUT',
    })
    expect(upload.status).toBe(200)
    const get = await runCli(['get', 'test-bucket/inbox.txt'], env)
    expect(get.stdout.toString('utf8')).toBe('via presigned PUT')
  })

  it('rejects a bad --expires or --method', async () => {
    const expires = await runCli(['presign', 'test-bucket/x', '--expires', 'soon'], env)
    expect(expires.code).toBe(2)
    const method = await runCli(['presign', 'test-bucket/x', '--method', 'POST'], env)
    expect(method.code).toBe(2)
    expect(method.stderr).toBe('jss-stream: invalid --method "POST": use GET or PUT\n')
  })
})

describe('a journal that cannot resume this upload', () => {
  it('fails at once, keeps the file and says to use another one (not to rerun the same command)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jss-stream-journal-'))
    try {
      const journal = join(dir, 'broken.json')
      writeFileSync(journal, JSON.stringify({ version: 1, schedule: {} }))
      const result = await runCli(['put', 'test-bucket/j.bin', '--resume', journal], env, 'data')
      expect(result.code).not.toBe(0)
      expect(result.stderr).toContain('use another --resume file, or remove this one')
      expect(result.stderr).not.toContain('resume by piping')
      expect(result.stderr).not.toMatch(/\n\s+at /)
      expect(readFileSync(journal, 'utf8')).toBe(JSON.stringify({ version: 1, schedule: {} }))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('keys are the bytes the user named', () => {
  it('refuses a key that a URL would fold into another, before any request, naming it', async () => {
    await runCli(['put', 'test-bucket/target.txt'], env, 'original')
    const before = server.counters.requests
    for (const args of [
      ['presign', 'test-bucket/dd/../target.txt', '--method', 'PUT'],
      ['put', 'test-bucket/dd/../target.txt'],
      ['get', 'test-bucket/./target.txt'],
      ['rm', 'test-bucket/x/../target.txt'],
    ]) {
      const result = await runCli(args, env, 'overwritten')
      expect({ args, code: result.code }).toEqual({ args, code: 2 })
      expect(result.stderr).toContain(JSON.stringify(args[1]!.slice('test-bucket/'.length)))
      expect(result.stdout.length).toBe(0)
    }
    expect(server.counters.requests).toBe(before)
    expect((await runCli(['get', 'test-bucket/target.txt'], env)).stdout.toString()).toBe(
      'original',
    )
  })

  it('stores backslashes and doubled slashes verbatim', async () => {
    for (const key of ['back\\slash', 'dou//ble', '/lead', '...']) {
      expect((await runCli(['put', `test-bucket/${key}`], env, key)).code).toBe(0)
      expect((await runCli(['get', `test-bucket/${key}`], env)).stdout.toString()).toBe(key)
    }
    const listed = await runCli(['ls', 'test-bucket/', '--recursive'], env)
    for (const key of ['back\\slash', 'dou//ble', '/lead', '...']) {
      expect(listed.stdout.toString()).toContain(key)
    }
  })
})

describe('buckets, listings, uploads', () => {
  it('makes a bucket, lists, removes', async () => {
    expect((await runCli(['mb', 'other-bucket'], env)).code).toBe(0)
    const again = await runCli(['mb', 'other-bucket'], env)
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/^jss-stream: bucket "other-bucket" already exists/)
    await runCli(['put', 'other-bucket/a/1'], env, 'one')
    await runCli(['put', 'other-bucket/b/2'], env, 'two')
    const all = await runCli(['ls', 'other-bucket', '--recursive'], env)
    expect(
      all.stdout
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => l.split('  ').at(-1)),
    ).toEqual(['a/1', 'b/2'])
    expect((await runCli(['rm', 'other-bucket/a/1'], env)).code).toBe(0)
    const rest = await runCli(['ls', 'other-bucket', '--recursive'], env)
    expect(rest.stdout.toString('utf8')).not.toContain('a/1')
    const missing = await runCli(['rm', 'other-bucket/a/1'], env)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe(
      'jss-stream: no such key "a/1" in bucket "other-bucket" (404 NoSuchKey)\n',
    )
  })

  it('lists open uploads and aborts one, or all', async () => {
    const { createClient } = await import('@jss/protocol')
    const client = createClient({ endpoint: server.endpoint, credentials: server.credentials })
    try {
      const one = await client.initiateMultipartUpload({ bucket: 'test-bucket', key: 'open/one' })
      await client.initiateMultipartUpload({ bucket: 'test-bucket', key: 'open/two' })
      await client.initiateMultipartUpload({ bucket: 'test-bucket', key: 'open/three' })
      const listed = await runCli(['uploads', 'test-bucket/open/'], env)
      expect(listed.code).toBe(0)
      const lines = listed.stdout.toString('utf8').trim().split('\n')
      expect(lines).toHaveLength(3)
      expect(lines.some((l) => l.endsWith(`  ${one.uploadId}  open/one`))).toBe(true)
      const aborted = await runCli(['abort', 'test-bucket/open/one', one.uploadId], env)
      expect(aborted.code).toBe(0)
      const again = await runCli(['abort', 'test-bucket/open/one', one.uploadId], env)
      expect(again.code).toBe(1)
      expect(again.stderr).toMatch(/NoSuchUpload/)
      const all = await runCli(['abort', '--all', 'test-bucket/open/'], env)
      expect(all.code).toBe(0)
      expect(all.stderr).toBe('jss-stream: aborted 2 uploads\n')
      const none = await runCli(['uploads', 'test-bucket/open/'], env)
      expect(none.stdout.toString('utf8')).toBe('')
    } finally {
      await client.close()
    }
  })
})
