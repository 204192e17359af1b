// The built CLI against hostile servers and files (issue: client robustness): nothing hangs, nothing is
// trusted that would make it loop, lie or spin.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@jss/protocol'
import { type JssLocal, startJssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliEnv, randomBytesOf, runCli } from '../src/harness.mjs'

let parent: string
let jss: JssLocal
beforeAll(async () => {
  parent = mkdtempSync(join(tmpdir(), 'jss-reliability-hostile-servers-'))
  jss = await startJssLocal({ buckets: ['hostile'], data: join(parent, 'data') })
})
afterAll(async () => {
  await jss.close()
  rmSync(parent, { recursive: true, force: true })
})

/** A raw HTTP/1.1 server on port 0 that answers every request with `reply(index)`. */
async function fakeServer(
  reply: (index: number) => { status: number; body: string; date?: string },
) {
  let index = 0
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
    let buffer = ''
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1')
      while (buffer.includes('\r\n\r\n')) {
        buffer = buffer.slice(buffer.indexOf('\r\n\r\n') + 4)
        const { status, body, date } = reply(index++)
        socket.write(
          `HTTP/1.1 ${status} X\r\ncontent-type: application/json;charset=UTF-8\r\n` +
            `x-jss-request-id: 0A\r\ndate: ${date ?? new Date().toUTCString()}\r\n` +
            `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        )
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKey: 'AK', secretKey: 'SK' },
    requests: () => index,
    close: () => {
      for (const s of sockets) s.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

describe('the built CLI against hostile servers and files', () => {
  it('a listing whose every page says HasNext with a fresh marker ends at once, exit 1', async () => {
    const server = await fakeServer((i) => ({
      status: 200,
      body: JSON.stringify({ Name: 'hostile', Contents: [], HasNext: true, NextMarker: `m${i}` }),
    }))
    try {
      const ls = await runCli(['ls', 'hostile'], cliEnv(server))
      expect(ls.code).toBe(1)
      expect(ls.stderr).toMatch(/does not advance/)
      expect(ls.stderr).not.toMatch(/\n\s+at /)
      expect(server.requests()).toBeLessThan(5)
    } finally {
      await server.close()
    }
  })

  it('a RequestTimeTooSkewed dated 2099 is not believed: exit 1, no request signed for 2099', async () => {
    const server = await fakeServer(() => ({
      status: 403,
      date: new Date('2099-01-01T00:00:00Z').toUTCString(),
      body: JSON.stringify({ code: 'RequestTimeTooSkewed', message: 'skewed', requestId: '0A' }),
    }))
    try {
      const ls = await runCli(['ls', 'hostile'], cliEnv(server))
      expect(ls.code).toBe(1)
      expect(server.requests()).toBe(1)
    } finally {
      await server.close()
    }
  })

  it('a journal whose schedule is {} fails fast and is kept, with the right advice', async () => {
    const journal = join(parent, 'broken.journal')
    const text = JSON.stringify({ version: 1, bucket: 'hostile', key: 'j', schedule: {} })
    writeFileSync(journal, text)
    const started = Date.now()
    const put = await runCli(['put', 'hostile/j', '--resume', journal], cliEnv(jss), 'data')
    expect(put.code).not.toBe(0)
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(put.stderr).toContain('use another --resume file, or remove this one')
    expect(readFileSync(journal, 'utf8')).toBe(text)
  })

  it('a forged part schedule in the metadata never gives a false mismatch', async () => {
    const body = randomBytesOf(3 * 2 ** 20, 11)
    const client = createClient({ endpoint: jss.endpoint, credentials: jss.credentials })
    try {
      await client.putObject({
        bucket: 'hostile',
        key: 'forged',
        body,
        metadata: { 'jss-stream-schedule': '1/1/1/1/1' },
      })
    } finally {
      await client.close()
    }
    const get = await runCli(['get', 'hostile/forged'], cliEnv(jss))
    expect(get.code).toBe(0)
    expect(Buffer.compare(get.stdout, body)).toBe(0)
    expect(get.stderr).toMatch(/ignored the part schedule/)
  })
})
