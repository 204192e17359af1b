import { execFile, execFileSync } from 'node:child_process'
import { once } from 'node:events'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createClient, type JssClient } from '@jss/protocol'
import type { JssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasControls } from '../src/terminal-text.js'
import { bin, cliEnv, makeData, runCli, startServer } from './cli.js'

/**
 * A raw control character other than LF (a raw LF is told from a line end by the text that follows:
 * the tests check no fake line starts).
 */
const hasRawControl = (text: string): boolean => hasControls(text.replaceAll('\n', ''))

const execFileAsync = promisify(execFile)

let dir: string
let fakeBin: string
let server: JssLocal
let client: JssClient

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jss-stream-hostile-'))
  // A stand-in for jss-stream that records its arguments, one per NUL, and does nothing else.
  fakeBin = join(dir, 'bin')
  execFileSync('mkdir', [fakeBin])
  writeFileSync(
    join(fakeBin, 'jss-stream'),
    `#!/bin/sh\nprintf '%s\\0' "$@" > "${join(dir, 'args')}"\n`,
  )
  chmodSync(join(fakeBin, 'jss-stream'), 0o755)
  server = await startServer()
  client = createClient({ endpoint: server.endpoint, credentials: server.credentials })
})

afterAll(async () => {
  await client.close()
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Runs a printed command with sh, the stand-in jss-stream first on PATH; its arguments. */
function runPrinted(command: string): string[] {
  rmSync(join(dir, 'args'), { force: true })
  execFileSync('sh', ['-c', command], {
    cwd: dir,
    env: { PATH: `${fakeBin}:${process.env.PATH}` },
  })
  return readFileSync(join(dir, 'args'), 'utf8').split('\0').slice(0, -1)
}

describe('a hostile server answer', () => {
  let hostile: Server
  let endpoint: string
  const pwned = (): string => join(dir, 'pwned')
  const uploadId = (): string =>
    `x'; touch ${pwned()}; '$(touch ${pwned()}2)\`touch ${pwned()}3\`\u001b[31m\r\nfake: ok`

  beforeAll(async () => {
    // A real HTTP server on a real socket: Initiate answers a hostile UploadId, the part upload
    // and the abort are refused (not retried), so put fails and names the upload left behind.
    hostile = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        const json = (status: number, body: unknown): void => {
          res.writeHead(status, { 'content-type': 'application/json' })
          res.end(JSON.stringify(body))
        }
        const url = new URL(req.url ?? '/', 'http://x')
        if (req.method === 'POST' && url.searchParams.has('uploads')) {
          json(200, { Bucket: 'test-bucket', Key: 'hostile.bin', UploadId: uploadId() })
        } else {
          json(403, { code: 'AccessDenied', message: 'no\u001b[2J\r\njss-stream: all fine' })
        }
      })
    })
    hostile.listen(0, '127.0.0.1')
    await once(hostile, 'listening')
    const address = hostile.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    endpoint = `http://127.0.0.1:${address.port}`
  })

  afterAll(() => {
    hostile.closeAllConnections()
    hostile.close()
  })

  it('an upload id with quotes, $( ), backquotes, ESC, CR, LF: printed escaped, the command quoted', async () => {
    const env = cliEnv(undefined, {
      JSS_ENDPOINT: endpoint,
      JSS_ACCESS_KEY: 'ak',
      JSS_SECRET_KEY: 'sk',
    })
    const result = await runCli(
      ['put', 'test-bucket/hostile.bin', '--part-size', '5MiB'],
      env,
      makeData(6 * 2 ** 20, 71),
    )
    expect(result.code).toBe(1)
    expect(hasRawControl(result.stderr)).toBe(false)
    expect(result.stderr).toContain('\\x1b[31m\\r\\nfake: ok')
    expect(result.stderr).not.toMatch(/^(fake|jss-stream: all fine)/m)
    const command = /remove it with: (.*)$/m.exec(result.stderr)?.[1]
    expect(command).toBeDefined()
    expect(runPrinted(command ?? '')).toEqual(['abort', 'test-bucket/hostile.bin', uploadId()])
    expect(existsSync(pwned())).toBe(false)
    expect(existsSync(`${pwned()}2`)).toBe(false)
    expect(existsSync(`${pwned()}3`)).toBe(false)
  })
})

describe('keys with control characters', () => {
  const key = 'ctl/\u001b[31mred\r\nfake line'

  beforeAll(async () => {
    await client.putObject({ bucket: 'test-bucket', key, body: Buffer.from('x') })
    await client.initiateMultipartUpload({ bucket: 'test-bucket', key })
  })

  it('ls and uploads to a pipe: the keys raw, as they are', async () => {
    const env = cliEnv(server)
    const ls = await runCli(['ls', 'test-bucket/ctl/'], env)
    expect(ls.code).toBe(0)
    expect(ls.stdout.toString('utf8').endsWith(`  ${key}\n`)).toBe(true)
    const uploads = await runCli(['uploads', 'test-bucket/ctl/'], env)
    expect(uploads.stdout.toString('utf8').endsWith(`  ${key}\n`)).toBe(true)
  })

  it('ls and uploads to a terminal: control characters escaped', async () => {
    // `script` runs the command on a pseudo-terminal, as a person's shell does.
    for (const command of ['ls', 'uploads']) {
      // Not execFileSync: the server answering it runs on this event loop.
      const { stdout: out } = await execFileAsync(
        'script',
        ['-qec', `${process.execPath} ${bin} ${command} test-bucket/ctl/`, '/dev/null'],
        { env: cliEnv(server), encoding: 'utf8' },
      )
      // The terminal turns each line end into CR LF.
      expect(out).toMatch(/ {2}ctl\/\\x1b\[31mred\\r\\nfake line\r\n$/)
      expect(hasRawControl(out.replaceAll('\r\n', '\n'))).toBe(false)
      expect(out).not.toMatch(/^fake line/m)
    }
  })

  it('messages on stderr: the key escaped', async () => {
    const get = await runCli(['get', `test-bucket/${key}.missing`], cliEnv(server))
    expect(get.code).toBe(1)
    expect(get.stderr).toBe(
      'jss-stream: no such key "ctl/\\x1b[31mred\\r\\nfake line.missing" in bucket "test-bucket" (404 NoSuchKey)\n',
    )
  })

  it('a suggested command names the key exactly, with no control character', async () => {
    const result = await runCli(
      [
        'put',
        `test-bucket/${key}`,
        '--part-size',
        '5MiB',
        '--size',
        '6MiB',
        '--exact-size',
        '--keep-on-error',
      ],
      cliEnv(server),
      makeData(12 * 2 ** 20, 72),
    )
    expect(result.code).toBe(1)
    expect(hasRawControl(result.stderr)).toBe(false)
    const command = /remove it with: (.*)$/m.exec(result.stderr)?.[1] ?? ''
    const args = runPrinted(command)
    expect(args.slice(0, 2)).toEqual(['abort', `test-bucket/${key}`])
    expect((await runCli(args, cliEnv(server))).code).toBe(0)
  })
})
