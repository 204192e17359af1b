// Hostile and broken input to the built CLI, each with a clear error and a bounded exit: names and
// keys at and past every limit, odd keys, credentials, unreachable / HTML / truncated-JSON servers,
// empty stdin, a producer that dies mid-way, and a server whose ETags never match the bytes.
import { createServer, type Server } from 'node:http'
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net'
import { createClient } from '@jss/protocol'
import { type JssLocal, startJssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  cliEnv,
  finish,
  randomBytesOf,
  runCli,
  sha256,
  spawnCli,
  waitFor,
} from '../src/harness.mjs'
import { openUploads } from '../src/soak-core.mjs'

const MiB = 1024 * 1024
let jss: JssLocal
let env: Record<string, string>

beforeAll(async () => {
  jss = await startJssLocal({ buckets: ['hostile'] })
  env = cliEnv(jss)
})
afterAll(async () => {
  await jss.close()
})

/** One line on stderr, starting with `jss-stream: `, and no stack trace (no `--debug`). */
function expectCleanError(stderr: string, pattern: RegExp): void {
  expect(stderr).toMatch(pattern)
  expect(stderr).toMatch(/^jss-stream: /m)
  expect(stderr).not.toMatch(/^\s+at /m)
}

async function roundTrip(key: string, data: Uint8Array): Promise<void> {
  const put = await runCli(['put', `hostile/${key}`, '--json'], env, data)
  expect(put.code, put.stderr).toBe(0)
  expect(JSON.parse(put.stdout.toString()).key).toBe(key)
  const get = await runCli(['get', `hostile/${key}`], env, undefined, { hashStdout: true })
  expect(get.code, get.stderr).toBe(0)
  expect(get.stdoutSha256).toBe(sha256(data))
}

describe('bucket names at and past the limits', () => {
  it.each([
    ['ab', 'too short'],
    ['a'.repeat(64), 'too long'],
    ['Bad_Bucket', 'upper case and _'],
    ['-abc', 'leading hyphen'],
    ['abc-', 'trailing hyphen'],
    ['ab--cd', 'double hyphen'],
    ['a.b.c', 'dot'],
    ['ab c', 'space'],
  ])('%j (%s) is refused before any request: exit 2', async (bucket) => {
    const before = jss.counters.requests
    // `--` ends the options, so that `-abc` is an argument.
    const result = await runCli(['put', '--', `${bucket}/k`], env, 'x')
    expect(result.code).toBe(2)
    expectCleanError(result.stderr, /invalid bucket name/)
    expect(jss.counters.requests).toBe(before)
  })

  it('3 and 63 characters are accepted (mb, then a round trip)', async () => {
    for (const bucket of ['abc', `${'a'.repeat(62)}9`]) {
      const mb = await runCli(['mb', bucket], env)
      expect(mb.code, mb.stderr).toBe(0)
      const put = await runCli(['put', `${bucket}/k`], env, 'hello')
      expect(put.code, put.stderr).toBe(0)
    }
  })
})

describe('keys at and past the limits', () => {
  it('1022 bytes of UTF-8 round-trip; 1023 (ASCII or multi-byte) is refused with exit 2', async () => {
    await roundTrip('k'.repeat(1022), randomBytesOf(1000, 1))
    await roundTrip(`${'€'.repeat(340)}ab`, randomBytesOf(10, 2)) // 3 × 340 + 2 = 1022 bytes
    for (const key of ['k'.repeat(1023), `${'€'.repeat(340)}abc`, 'k'.repeat(5000)]) {
      const result = await runCli(['put', `hostile/${key}`], env, 'x')
      expect(result.code).toBe(2)
      expectCleanError(result.stderr, /key too long: \d+ bytes of UTF-8, the limit is 1022/)
    }
  })

  it('an empty key is refused with exit 2', async () => {
    const result = await runCli(['put', 'hostile/'], env, 'x')
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^jss-stream: /)
  })

  const oddKeys = [
    '%2e%2e/%2F%00',
    '.../x../..y',
    '//doubled//slashes',
    '100% sure %zz',
    'with spaces  and\ttab',
    'ünïcødé/日本語/😀.bin',
    '/leading/slash',
    'trailing/',
    '?query#hash&x=1',
    '\\windows\\path',
    `${'a'.repeat(1021)}/`,
  ]
  it('keys with . or .. segments cannot be addressed: exit 2 naming the key, no request', async () => {
    const before = jss.counters.requests
    for (const key of ['../../../etc/passwd', 'a/../../b', '..', './x', 'k?acl']) {
      const put = await runCli(['put', `hostile/${key}`], env, 'x')
      expect(put.code).toBe(2)
      expect(put.stderr).toContain(JSON.stringify(key))
    }
    expect(jss.counters.requests).toBe(before)
  })

  it('keys with %, spaces, unicode, ?#, \\, // are stored verbatim and round-trip', async () => {
    for (const [i, key] of oddKeys.entries()) await roundTrip(key, randomBytesOf(4096, i))
    const ls = await runCli(['ls', 'hostile', '--recursive'], env)
    expect(ls.code).toBe(0)
    for (const key of oddKeys) expect(ls.stdout.toString('utf8')).toContain(key)
  }, 60_000)

  it('NUL cannot reach the CLI (argv), so the server side is checked with the protocol client', async () => {
    const client = createClient({ endpoint: jss.endpoint, credentials: jss.credentials })
    try {
      const key = 'nul\0inside/\0'
      const body = randomBytesOf(100, 7)
      await client.putObject({ bucket: 'hostile', key, body })
      const got = await client.getObject({ bucket: 'hostile', key })
      const chunks: Buffer[] = []
      for await (const chunk of got.body) chunks.push(chunk as Buffer)
      expect(sha256(Buffer.concat(chunks))).toBe(sha256(body))
      await expect(
        client.putObject({ bucket: 'hostile', key: 'k'.repeat(1023), body }),
      ).rejects.toMatchObject({ code: 'KeyTooLong', statusCode: 400 })
      await expect(client.createBucket({ bucket: 'b'.repeat(64) })).rejects.toMatchObject({
        code: 'InvalidBucketName',
      })
    } finally {
      await client.close()
    }
  })
})

describe('credentials', () => {
  it('missing credentials: exit 2 and the documented message', async () => {
    const result = await runCli(
      ['ls', 'hostile'],
      cliEnv(undefined, { JSS_ENDPOINT: jss.endpoint }),
    )
    expect(result.code).toBe(2)
    expectCleanError(result.stderr, /missing credentials/)
  })

  it('wrong secret key and unknown access key: exit 1 with what to check, secret never shown', async () => {
    const wrong = 'wrong-secret-key-DO-NOT-PRINT'
    const bad = await runCli(
      ['put', 'hostile/x', '--verbose'],
      { ...env, JSS_SECRET_KEY: wrong },
      'x',
    )
    expect(bad.code).toBe(1)
    expectCleanError(bad.stderr, /SignatureDoesNotMatch.*check the secret key/)
    expect(bad.stderr).not.toContain(wrong)
    const unknown = await runCli(['ls', 'hostile'], { ...env, JSS_ACCESS_KEY: 'nobody' })
    expect(unknown.code).toBe(1)
    expectCleanError(unknown.stderr, /InvalidAccessKeyId.*check the access key/)
  })
})

/** A tiny HTTP server of our own on port 0 answering every request with `answer`. */
async function tinyServer(
  answer: (res: import('node:http').ServerResponse) => void,
): Promise<{ server: Server; endpoint: string }> {
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => answer(res))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

const fake = { accessKey: 'AK', secretKey: 'secret-never-printed' }

describe('broken servers', () => {
  it('unreachable endpoint: exit 1 within about 30 s, with the documented message', async () => {
    const { server, endpoint } = await tinyServer((res) => res.end())
    await new Promise((resolve) => server.close(resolve)) // the port is now closed
    const started = Date.now()
    const result = await runCli(['put', 'bkt/x'], cliEnv({ endpoint, credentials: fake }), 'hello')
    expect(result.code).toBe(1)
    expectCleanError(result.stderr, /cannot reach .*connection refused/)
    expect(Date.now() - started).toBeLessThan(35_000)
  }, 45_000)

  it.each([
    ['HTML', 200, 'text/html', '<html><body>Welcome to nginx!</body></html>'],
    ['truncated JSON', 200, 'application/json;charset=UTF-8', '{"Bucket":"bkt","Key":"x","Uplo'],
    ['JSON of the wrong shape', 200, 'application/json;charset=UTF-8', '[1,2,3]'],
    ['an HTML error page', 403, 'text/html', '<html>Forbidden</html>'],
  ])(
    'a server answering %s: put and ls exit 1 with a clear message',
    async (_, status, type, body) => {
      const { server, endpoint } = await tinyServer((res) => {
        res.writeHead(status, { 'content-type': type }).end(body)
      })
      try {
        const e = cliEnv({ endpoint, credentials: fake })
        for (const args of [
          ['put', 'bkt/x'],
          ['ls', 'bkt'],
        ]) {
          const result = await runCli(args, e, 'hello')
          expect(result.code, result.stderr).toBe(1)
          expectCleanError(result.stderr, /^jss-stream: .+/)
          expect(result.stdout.length).toBe(0)
          expect(result.stderr).not.toContain(fake.secretKey)
        }
      } finally {
        await new Promise((resolve) => server.close(resolve))
      }
    },
    60_000,
  )
})

describe('a server that never answers', () => {
  /** Accepts connections, reads requests, never writes a byte. */
  async function silentServer() {
    const sockets = new Set<Socket>()
    let received = 0
    const server = createNetServer((socket) => {
      sockets.add(socket)
      socket.on('data', (chunk) => {
        received += chunk.length
      })
      socket.on('error', () => {})
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const close = async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    }
    return { endpoint, close, received: () => received }
  }

  it('the protocol client gives up with JSS_ERR_TIMEOUT when given short timeouts', async () => {
    const silent = await silentServer()
    const client = createClient({
      endpoint: silent.endpoint,
      credentials: fake,
      timeouts: { request: 300, body: 300 },
      retry: { attempts: 2, baseDelay: 10, maxDelay: 10 },
    })
    try {
      await expect(client.listObjects({ bucket: 'bkt' })).rejects.toMatchObject({
        code: 'JSS_ERR_TIMEOUT',
        attempts: 2,
      })
    } finally {
      await client.destroy()
      await silent.close()
    }
  })

  it('the CLI, waiting on it (its own bound is 6 × 60 s, see soak), exits 130 at once on SIGINT', async () => {
    const silent = await silentServer()
    try {
      const child = spawnCli(
        ['put', 'bkt/x'],
        cliEnv({ endpoint: silent.endpoint, credentials: fake }),
      )
      const done = finish(child)
      child.stdin.on('error', () => {})
      child.stdin.end('hello')
      await waitFor(() => silent.received() > 0)
      child.kill('SIGINT')
      const result = await done
      expect(result.code).toBe(130)
      expect(result.stderr).toMatch(/^jss-stream: interrupted by SIGINT/)
    } finally {
      await silent.close()
    }
  })
})

describe('input', () => {
  it('empty stdin stores an empty object, verified by get', async () => {
    const put = await runCli(['put', 'hostile/empty.bin', '--json'], env, '')
    expect(put.code, put.stderr).toBe(0)
    expect(JSON.parse(put.stdout.toString())).toMatchObject({ size: 0 })
    const get = await runCli(['get', 'hostile/empty.bin'], env, undefined, { hashStdout: true })
    expect(get.code).toBe(0)
    expect(get.stdoutBytes).toBe(0)
  })

  it('more input than --size with --exact-size: exit 1, nothing stored or left open', async () => {
    const result = await runCli(
      ['put', 'hostile/long.bin', '--size', '1MiB', '--exact-size'],
      env,
      randomBytesOf(2 * MiB, 8),
    )
    expect(result.code).toBe(1)
    expectCleanError(result.stderr, /longer than the declared 1048576 bytes/)
    expect((await openUploads(jss, 'hostile')).listed).toEqual([])
    const ls = await runCli(['ls', 'hostile/long'], env)
    expect(ls.stdout.toString()).not.toContain('long.bin')
  })

  it('a producer that dies mid-way is caught by --exact-size --size: exit 1, nothing stored or left open', async () => {
    const child = spawnCli(
      ['put', 'hostile/died.bin', '--size', '20MiB', '--exact-size', '--part-size', '5MiB'],
      env,
    )
    const done = finish(child)
    child.stdin.on('error', () => {})
    child.stdin.write(randomBytesOf(7 * MiB, 3))
    setTimeout(() => child.stdin.destroy(), 300) // the producer dies: EOF after 7 of 20 MiB
    const result = await done
    expect(result.code).toBe(1)
    expectCleanError(result.stderr, /the stream has \d+ bytes, 20971520 were declared/)
    expect(result.stdout.length).toBe(0)
    expect((await openUploads(jss, 'hostile')).listed).toEqual([])
    const ls = await runCli(['ls', 'hostile/died'], env)
    expect(ls.stdout.toString()).not.toContain('died.bin')
  })
})

describe('a server whose ETags never match the bytes (etag fault at 100%)', () => {
  it.each([
    ['every operation', '*:etag=1', 12 * MiB],
    ['part uploads only', 'uploadPart:etag=1', 12 * MiB],
    ['a single PUT', '*:etag=1', 1000],
  ])(
    '%s: the upload fails, never reports success, leaves no upload',
    async (_, faults, size) => {
      jss.setFaults(faults)
      try {
        const key = `etag-${faults.replace(/\W/g, '')}-${size}.bin`
        const put = await runCli(
          ['put', `hostile/${key}`, '--part-size', '5MiB', '--json'],
          env,
          randomBytesOf(size, 4),
        )
        expect(put.code).toBe(1)
        expect(put.stdout.length).toBe(0)
        expect(put.stderr).not.toMatch(/uploaded/)
        jss.setFaults(undefined)
        expect((await openUploads(jss, 'hostile')).listed).toEqual([])
      } finally {
        jss.setFaults(undefined)
      }
    },
    60_000,
  )
})
