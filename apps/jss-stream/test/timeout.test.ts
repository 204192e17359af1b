import { once } from 'node:events'
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
