import { once } from 'node:events'
import { createServer as createHttpServer } from 'node:http'
import { createServer, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliEnv, runCli } from './cli.js'

// A server that accepts connections and never answers: the CLI must give up in bounded time.
const sockets = new Set<Socket>()
const silent = createServer((socket) => {
  sockets.add(socket)
  socket.on('error', () => {})
  socket.resume()
})
let endpoint: string

beforeAll(async () => {
  silent.listen(0, '127.0.0.1')
  await once(silent, 'listening')
  const address = silent.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  endpoint = `http://127.0.0.1:${address.port}`
})

afterAll(async () => {
  for (const socket of sockets) socket.destroy()
  silent.close()
})

describe('--timeout', () => {
  it('a server that never answers fails the command, non-zero, after the attempts run out', async () => {
    const env = cliEnv(undefined, {
      JSS_ENDPOINT: endpoint,
      JSS_ACCESS_KEY: 'ak',
      JSS_SECRET_KEY: 'sk',
    })
    const result = await runCli(['ls', 'test-bucket', '--timeout', '1s'], env)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^jss-stream: .*did not answer.*in time/)
    expect(result.stderr).not.toMatch(/\n\s+at /)
    // Six attempts of one second plus the backoff between them end well inside the test's limit.
  }, 60_000)
})

describe('--timeout and a body that drips', () => {
  // A real HTTP server that answers a GET at once, then sends its body one byte every 300 ms:
  // always some progress, never enough. Each drip stops when its connection closes.
  const size = 10_000
  const drips = new Set<ReturnType<typeof setInterval>>()
  const dripping = createHttpServer((req, res) => {
    const range = /^bytes=(\d+)-/.exec(req.headers.range ?? '')
    const start = range === null ? 0 : Number(range[1])
    res.writeHead(range === null ? 200 : 206, {
      'content-length': String(size - start),
      etag: '"0123456789abcdef0123456789abcdef"',
      ...(range === null ? {} : { 'content-range': `bytes ${start}-${size - 1}/${size}` }),
    })
    // A HEAD (which get sends first, for the size and the ETag) is answered at once.
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    const drip = setInterval(() => res.write('x'), 300)
    drips.add(drip)
    res.on('close', () => {
      clearInterval(drip)
      drips.delete(drip)
    })
  })
  let dripEndpoint: string

  beforeAll(async () => {
    dripping.listen(0, '127.0.0.1')
    await once(dripping, 'listening')
    const address = dripping.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    dripEndpoint = `http://127.0.0.1:${address.port}`
  })

  afterAll(() => {
    for (const drip of drips) clearInterval(drip)
    dripping.closeAllConnections()
    dripping.close()
  })

  it('get gives up in bounded time, non-zero, saying the body was too slow', async () => {
    const env = cliEnv(undefined, {
      JSS_ENDPOINT: dripEndpoint,
      JSS_ACCESS_KEY: 'ak',
      JSS_SECRET_KEY: 'sk',
    })
    const started = Date.now()
    const result = await runCli(['get', 'test-bucket/drip.bin', '--timeout', '1s'], env)
    // Six windows of a second (the first request and five resumed ones), and their requests.
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /^jss-stream: the body of test-bucket\/drip\.bin came too slowly: under 1024 bytes\/s over a --timeout window, 6 times; \d+ of 10000 bytes received\n$/m,
    )
    expect(result.stderr).not.toMatch(/\n\s+at /)
  }, 30_000)
})
