// jss-local security: keys never escape the data dir; bad, expired, replayed or missing signatures are
// refused; oversized headers and bodies are refused before the body is sent; the signature
// comparison is constant-time (Web Crypto's verify); no secret appears in any log line.
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative, sep } from 'node:path'
import { createInterface } from 'node:readline'
import { createClient } from '@jss/protocol'
import { encodeKey, presignUrl, signRequest } from '@jss/signer'
import fc from 'fast-check'
import { type JssLocal, startJssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliEnv, localBin, randomBytesOf, runCli } from '../src/harness.mjs'
import { httpRequest, rawExchange } from './raw-http.js'

let parent: string
let jss: JssLocal
let clock = Date.parse('2025-01-01T00:00:00Z')

beforeAll(async () => {
  parent = mkdtempSync(join(tmpdir(), 'jss-reliability-security-'))
  jss = await startJssLocal({
    buckets: ['sec'],
    data: join(parent, 'data'),
    maxPartSize: 1024 * 1024,
    now: () => clock,
  })
})
afterAll(async () => {
  await jss.close()
  rmSync(parent, { recursive: true, force: true })
})

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    out.push(path)
    if (entry.isDirectory()) walk(path, out)
  }
  return out
}

const hostileKey = fc.oneof(
  fc.constantFrom(
    '../../../escape',
    '..',
    '../',
    '/..',
    './../x',
    '..\\..\\win',
    '%2e%2e/%2f',
    '\0',
    'a/\0/../../b',
  ),
  fc
    .array(fc.constantFrom('..', '.', '', 'x', '%2F', '\0', '\\', '~', 'ü', ' '), {
      minLength: 1,
      maxLength: 8,
    })
    .map((segments) => segments.join('/')),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
)

describe('keys never escape the data dir', () => {
  it('random hostile keys (protocol client): stored, read back, and every file stays inside', async () => {
    const client = createClient({ endpoint: jss.endpoint, credentials: jss.credentials })
    clock = Date.now()
    try {
      let stored = 0
      await fc.assert(
        fc.asyncProperty(hostileKey, fc.nat(1000), async (key, seed) => {
          const body = randomBytesOf(seed % 64, seed)
          try {
            await client.putObject({ bucket: 'sec', key, body })
          } catch (error) {
            // A key the client refuses (lone surrogate, > 1022 bytes) is refused before I/O,
            // or the server answers a typed JSS error: never a crash.
            expect((error as { code?: string }).code).toMatch(
              /^(JSS_ERR_INVALID_ARG|KeyTooLong|InvalidURI|InvalidArgument)$/,
            )
            return
          }
          stored++
          const info = await client.headObject({ bucket: 'sec', key })
          expect(info.contentLength).toBe(body.length)
        }),
        { numRuns: 150, seed: 42 },
      )
      expect(stored).toBeGreaterThan(50)
    } finally {
      await client.close()
    }
    const data = realpathSync(jss.data)
    expect(readdirSync(parent)).toEqual(['data'])
    for (const path of walk(data)) {
      const real = realpathSync(path)
      expect(real.startsWith(data + sep), real).toBe(true)
      expect(relative(data, real).split(sep)).not.toContain('..')
      expect(statSync(path).isSymbolicLink()).toBe(false)
    }
  }, 120_000)

  it('hostile bucket names in the path and Host header are refused without touching the disk', async () => {
    clock = Date.now()
    const before = walk(jss.data).sort()
    for (const [path, host] of [
      ['/%2E%2E%2F%2E%2E%2Fescape/k', undefined],
      ['/..%2F..%2Fbuckets%2Fsec/k', undefined],
      ['/../k', undefined],
      ['/k', `..%2F...localhost:${new URL(jss.endpoint).port}`],
      ['/', `..${encodeURIComponent('/')}x.localhost`],
    ] as const) {
      const url = `${jss.endpoint}${path}`
      const unsigned = { 'content-length': '3', ...(host ? { host } : {}) }
      // The signer refuses most of these paths; an attacker sends them anyway, unsigned.
      const headers = await signRequest(
        { method: 'PUT', url, headers: unsigned },
        jss.credentials,
        {
          date: new Date(clock),
        },
      ).catch(() => unsigned)
      const answer = await httpRequest(url, 'PUT', headers, Buffer.from('abc'))
      expect(answer.status, `${path} ${host}: ${answer.body}`).toBeGreaterThanOrEqual(400)
      expect(answer.status).toBeLessThan(500)
    }
    expect(walk(jss.data).sort()).toEqual(before)
    expect(readdirSync(parent)).toEqual(['data'])
  })
})

/** A signed GET of `sec/k` at `date` with `credentials`. */
async function signedGet(date: Date, credentials = jss.credentials) {
  const url = `${jss.endpoint}/sec/${encodeKey('k')}`
  return httpRequest(url, 'GET', await signRequest({ method: 'GET', url }, credentials, { date }))
}

function expectJssError(answer: { status: number; body: string }, status: number, code: string) {
  expect(answer.status).toBe(status)
  expect(JSON.parse(answer.body)).toMatchObject({
    code,
    message: expect.any(String),
    resource: expect.any(String),
    requestId: expect.any(String),
  })
}

describe('authentication', () => {
  beforeAll(async () => {
    clock = Date.now()
    const client = createClient({ endpoint: jss.endpoint, credentials: jss.credentials })
    await client.putObject({ bucket: 'sec', key: 'k', body: Buffer.from('secret data') })
    await client.close()
  })

  it('a good signature passes; wrong secret, unknown key, skewed Date, malformed or missing auth are refused', async () => {
    clock = Date.now()
    expect((await signedGet(new Date(clock))).status).toBe(200)
    const wrong = { accessKey: jss.credentials.accessKey, secretKey: 'not-the-secret' }
    expectJssError(await signedGet(new Date(clock), wrong), 403, 'SignatureDoesNotMatch')
    const unknown = { accessKey: 'NOBODY', secretKey: 'x' }
    expectJssError(await signedGet(new Date(clock), unknown), 403, 'InvalidAccessKeyId')
    expectJssError(await signedGet(new Date(clock - 16 * 60_000)), 403, 'RequestTimeTooSkewed')
    expectJssError(await signedGet(new Date(clock + 16 * 60_000)), 403, 'RequestTimeTooSkewed')
    const url = `${jss.endpoint}/sec/k`
    expectJssError(await httpRequest(url, 'GET', {}), 403, 'AccessDenied')
    const date = new Date(clock).toUTCString()
    for (const auth of ['jingdong', 'jingdong :', 'Basic abc', 'jingdong AK', '']) {
      const answer = await httpRequest(url, 'GET', { authorization: auth, date })
      expect([400, 403]).toContain(answer.status)
      expect(answer.body).not.toContain('secret data')
    }
  })

  it('a presigned URL works until it expires; replayed after expiry it is refused (ExpiredToken)', async () => {
    clock = Date.parse('2025-06-01T00:00:00Z')
    const url = await presignUrl(
      { method: 'GET', url: `${jss.endpoint}/sec/k`, expires: Math.floor(clock / 1000) + 60 },
      jss.credentials,
    )
    const ok = await httpRequest(url, 'GET', {})
    expect(ok.status).toBe(200)
    expect(ok.body).toBe('secret data')
    clock += 61_000
    expectJssError(await httpRequest(url, 'GET', {}), 400, 'ExpiredToken')
    // Tampering: another key with the same signature.
    expectJssError(
      await httpRequest(url.replace('/k?', '/k2?'), 'GET', {}),
      403,
      'SignatureDoesNotMatch',
    )
    // A URL signature and an Authorization header at once.
    clock -= 61_000
    const both = await httpRequest(
      url,
      'GET',
      await signRequest({ method: 'GET', url }, jss.credentials, { date: new Date(clock) }),
    )
    expectJssError(both, 400, 'InvalidArgument')
  })
})

describe('oversized input is refused before it is read', () => {
  const port = () => new URL(jss.endpoint).port

  it('oversized header section: 431, and the server still answers', async () => {
    const head = `GET /sec/k HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`
    const answer = await rawExchange(jss.endpoint, head)
    expect(answer.status).toBe(431)
    clock = Date.now()
    expect((await signedGet(new Date(clock))).status).toBe(200)
  })

  it.each([
    ['an unsigned PUT of 100 GiB', false, '/sec/big', [403]],
    ['a signed PUT over max part size (1 MiB here) of 100 GiB', true, '/sec/big', [400]],
    [
      'a signed Complete (unknown upload) with a 1 GiB JSON body',
      true,
      '/sec/big?uploadId=nope',
      [400, 404],
    ],
  ])('%s is answered before the body is sent', async (_, signed, path, status) => {
    clock = Date.now()
    const length = path.includes('uploadId') ? 2 ** 30 : 100 * 2 ** 30
    const method = path.includes('uploadId') ? 'POST' : 'PUT'
    const url = `${jss.endpoint}${path}`
    const headers: Record<string, string> = signed
      ? await signRequest({ method, url }, jss.credentials, { date: new Date(clock) })
      : {}
    const lines = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')
    const head = `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\nContent-Length: ${length}\r\n${lines}\r\n`
    // Send the body slowly: at most 64 MiB before giving up; the answer must come well before.
    const answer = await rawExchange(jss.endpoint, head, {
      bodyBytes: 64 * 2 ** 20,
      timeoutMs: 20_000,
    })
    expect(status).toContain(answer.status)
    expect(answer.sentWhenAnswered).toBeLessThan(8 * 2 ** 20)
    expect(jss.counters.requestsInFlight).toBeLessThanOrEqual(1)
  })
})

describe('constant-time signature comparison', () => {
  it('the verifier compares MACs only through crypto.subtle.verify (read from the signer source)', () => {
    const require = createRequire(import.meta.url)
    const src = join(dirname(require.resolve('@jss/signer/package.json')), 'src')
    const hmac = readFileSync(join(src, 'hmac-sha1.ts'), 'utf8')
    const verify = readFileSync(join(src, 'verify-request.ts'), 'utf8')
    expect(hmac).toMatch(/subtle\(\)\.verify\('HMAC', key, mac,/)
    expect(verify).toContain('findSignedString(secret, candidates, claim.mac)')
    // No string or byte comparison of a signature anywhere in the verifying path.
    expect(verify).not.toMatch(/mac\s*[!=]==|===\s*claim\.mac|signature\s*[!=]==/i)
    expect(hmac).not.toMatch(/mac\s*[!=]==|\.every\(|timingSafeEqual/)
  })
})

describe('no secret in any log line', () => {
  it('jss-local (bin) and jss-stream --verbose --debug never print the secret, success or failure', async () => {
    const secret = 'S3cr3t-Never-Print-This-9f8e7d'
    const data = join(parent, 'logs-data')
    const local = spawn(
      process.execPath,
      [
        localBin,
        '--json',
        '--bucket',
        'logs',
        '--data',
        data,
        '--access-key',
        'AKLOGS',
        '--secret-key',
        secret,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let localErr = ''
    local.stderr.on('data', (c: Buffer) => {
      localErr += c.toString()
    })
    const lines = createInterface({ input: local.stdout })
    const first = await new Promise<string>((resolve) => lines.once('line', resolve))
    let localOut = ''
    lines.on('line', (line) => {
      localOut += line
    })
    const endpoint = (JSON.parse(first) as { endpoint: string }).endpoint
    const server = { endpoint, credentials: { accessKey: 'AKLOGS', secretKey: secret } }
    const env = cliEnv(server)
    const outputs: string[] = []
    try {
      const runs = [
        runCli(
          ['put', 'logs/a.bin', '--verbose', '--debug', '--json'],
          env,
          randomBytesOf(6 * 2 ** 20, 1),
        ),
        runCli(['get', 'logs/missing', '--verbose', '--debug'], env),
        runCli(['ls', 'logs', '--verbose', '--debug'], { ...env, JSS_SECRET_KEY: `${secret}x` }),
        runCli(
          ['ls', 'logs', '--verbose', '--debug', '--secret-key', secret],
          cliEnv({ endpoint, credentials: { accessKey: 'AKLOGS', secretKey: 'y' } }),
        ),
        runCli(['presign', 'logs/a.bin', '--verbose', '--debug'], env),
        runCli(
          ['put', 'logs/b.bin', '--verbose', '--debug', '--resume', join(parent, 'j')],
          env,
          '',
        ),
        runCli(['put', 'nosuch-bucket/b', '--verbose', '--debug'], env, 'x'),
      ]
      for (const result of await Promise.all(runs)) {
        outputs.push(result.stderr, result.stdout.toString('utf8'))
      }
    } finally {
      local.kill('SIGTERM')
      await new Promise((resolve) => local.once('exit', resolve))
    }
    // Failures did happen (the logs contain errors and debug output), and no line has the secret.
    const all = outputs.join('\n')
    expect(all).toMatch(/SignatureDoesNotMatch/)
    expect(all).toMatch(/NoSuchKey/)
    expect(all).not.toContain(secret)
    expect(localErr).not.toContain(secret)
    expect(localOut).not.toContain(secret)
  }, 60_000)
})
