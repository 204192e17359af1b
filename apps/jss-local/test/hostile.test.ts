import { mkdtemp, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type JssLocal, startJssLocal } from '../src/index.js'
import { HOSTILE_CASES, SEEDED, seed, sendHostile, snapshot } from './hostile-requests.js'

let parent: string
let server: JssLocal
let target: { endpoint: string; credentials: JssLocal['credentials']; data: string }

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'jss-local-hostile-'))
  const data = join(parent, 'data')
  server = await startJssLocal({ data, buckets: ['bucket', 'other-bucket'] })
  target = { endpoint: server.endpoint, credentials: server.credentials, data }
  await seed(target)
})
afterAll(async () => {
  await server.close()
  await rm(parent, { recursive: true, force: true })
})

describe('hostile requests: a signature authorizes exactly what it signed', () => {
  it('has at least 30 cases', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(30)
  })

  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await snapshot(target.data)
    const answer = await sendHostile(target, c)
    expect({ status: answer.status, head: answer.head.split('\r\n')[0] }).toMatchObject({
      status: c.status,
    })
    if (c.status >= 400 && c.method !== 'HEAD') {
      expect(answer.head).toMatch(/content-type: application\/json/i)
      expect(answer.head).toMatch(/x-jss-request-id: [0-9A-F]{16}/i)
    }
    for (const [path, body] of Object.entries(SEEDED)) {
      if (path === c.reads) expect(answer.body).toBe(body)
      else expect(answer.body).not.toContain(body)
    }
    expect(await snapshot(target.data)).toEqual(before)
  })
})

describe('bodies after a refusal', () => {
  /** Sends an unsigned PUT whose body never ends; returns the status and when the server hung up. */
  function endless(
    chunked: boolean,
  ): Promise<{ status: number; closedAfterMs: number; sent: number }> {
    const url = new URL(server.endpoint)
    return new Promise((resolve, reject) => {
      const socket = connect({ host: url.hostname, port: Number(url.port) })
      const framing = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${2 ** 40}`
      socket.write(`PUT /bucket/endless.bin HTTP/1.1\r\nHost: ${url.host}\r\n${framing}\r\n\r\n`)
      const block = Buffer.alloc(64 * 1024, 0x61)
      const chunk = chunked
        ? Buffer.concat([Buffer.from('10000\r\n'), block, Buffer.from('\r\n')])
        : block
      let sent = 0
      let status = 0
      let answeredAt = 0
      let text = ''
      const pump = (): void => {
        while (!socket.destroyed && socket.write(chunk)) sent += chunk.length
        sent += chunk.length
      }
      socket.on('drain', pump)
      socket.on('data', (data: Buffer) => {
        text += data.toString('latin1')
        if (status === 0 && /^HTTP\/1\.1 (\d{3})/.test(text)) {
          status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)![1])
          answeredAt = Date.now()
        }
      })
      const done = (): void => {
        resolve({ status, closedAfterMs: answeredAt === 0 ? -1 : Date.now() - answeredAt, sent })
      }
      socket.on('error', done)
      socket.on('close', done)
      setTimeout(() => {
        socket.destroy()
        reject(new Error('the server kept the connection open for 10 s'))
      }, 10_000).unref()
      pump()
    })
  }

  it.each([true, false])(
    'an unauthenticated endless body (chunked: %s) is answered 403 and cut off',
    async (chunked) => {
      const before = await snapshot(target.data)
      const result = await endless(chunked)
      expect(result.status).toBe(403)
      expect(result.closedAfterMs).toBeGreaterThanOrEqual(0)
      expect(result.closedAfterMs).toBeLessThan(1000)
      expect(await snapshot(target.data)).toEqual(before)
    },
  )
})
