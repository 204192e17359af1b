import { getEventListeners } from 'node:events'
import type { Socket } from 'node:net'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { RequestEvent } from '../src/client-options.js'
import { MAX_PARTS } from '../src/paginate.js'
import { clientOf, startServer } from './helpers.js'
import { answer, type NetServer, startNetServer } from './net-server.js'

const credentials = { accessKey: 'AK', secretKey: 'SK' }
const json = { 'content-type': 'application/json;charset=UTF-8', 'x-jss-request-id': '0A' }
let server: NetServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function hostile(onRequest: (socket: Socket, head: string, index: number) => void) {
  server = await startNetServer(onRequest)
  return clientOf({ endpoint: server.endpoint, credentials } as Parameters<typeof clientOf>[0])
}

async function drain<T>(items: AsyncIterable<T>): Promise<number> {
  let n = 0
  for await (const _ of items) n++
  return n
}

describe('a server whose pagination never ends', () => {
  it('an object listing with a fresh marker on every empty page stops at once', async () => {
    const c = await hostile((socket, _head, i) =>
      answer(
        socket,
        200,
        json,
        JSON.stringify({ Contents: [], HasNext: true, NextMarker: `m${i}` }),
      ),
    )
    await expect(drain(c.paginateObjects({ bucket: 'b' }))).rejects.toMatchObject({
      code: 'JSS_ERR_INVALID_RESPONSE',
    })
    expect(server?.requests).toBe(1)
    await c.close()
  })

  it('an object listing whose marker comes back stops, after yielding what it got', async () => {
    const c = await hostile((socket, _head, i) =>
      answer(
        socket,
        200,
        json,
        JSON.stringify({
          Contents: [{ Key: `k${i % 2}`, ETag: '"0"', Size: 1, LastModified: 'x' }],
          HasNext: true,
          NextMarker: `m${i % 2}`,
        }),
      ),
    )
    const seen: string[] = []
    await expect(
      (async () => {
        for await (const o of c.paginateObjects({ bucket: 'b' })) seen.push(o.key)
      })(),
    ).rejects.toThrow(/does not advance/)
    expect(seen).toEqual(['k0', 'k1', 'k0'])
    await c.close()
  })

  it('an upload listing that repeats its marker stops', async () => {
    const c = await hostile((socket) =>
      answer(
        socket,
        200,
        json,
        JSON.stringify({
          Upload: [{ Key: 'k', UploadId: 'u', Initiated: 'x', StorageClass: 'STANDARD' }],
          HasNext: true,
          NextKeyMarker: 'k',
          NextUploadIdMarker: 'u',
        }),
      ),
    )
    await expect(drain(c.paginateMultipartUploads({ bucket: 'b' }))).rejects.toMatchObject({
      code: 'JSS_ERR_INVALID_RESPONSE',
    })
    expect(server?.requests).toBeLessThanOrEqual(2)
    await c.close()
  })

  it('a part listing is bounded by the part limit and must increase', async () => {
    const c = await hostile((socket, _head, i) => {
      const n = i % 2 === 0 ? MAX_PARTS : 1
      answer(
        socket,
        200,
        json,
        JSON.stringify({
          Part: [{ PartNumber: n + i, ETag: '"0"', Size: 1, LastModified: 'x' }],
          HasNext: true,
          NextPartNumberMarker: n + i,
        }),
      )
    })
    await expect(
      drain(c.paginateParts({ bucket: 'b', key: 'k', uploadId: 'u' })),
    ).rejects.toMatchObject({ code: 'JSS_ERR_INVALID_RESPONSE' })
    // Part 10000, then part 2 on the next page: refused there.
    expect(server?.requests).toBe(2)
    await c.close()
  })
})

describe('a server that lies about its clock', () => {
  it('a RequestTimeTooSkewed dated 2099 is not believed: nothing is signed for 2099', async () => {
    const events: RequestEvent[] = []
    server = await startNetServer((socket) =>
      answer(
        socket,
        403,
        { ...json, date: new Date('2099-01-01T00:00:00Z').toUTCString() },
        JSON.stringify({ code: 'RequestTimeTooSkewed', message: 'skewed', requestId: '0A' }),
      ),
    )
    const c = clientOf(
      { endpoint: server.endpoint, credentials } as Parameters<typeof clientOf>[0],
      {
        onRequest: (e) => events.push(e),
      },
    )
    await expect(c.listObjects({ bucket: 'b' })).rejects.toMatchObject({
      code: 'RequestTimeTooSkewed',
    })
    expect(c.clockOffset).toBe(0)
    expect(server.requests).toBe(1)
    expect(events[0]?.clockCorrection).toMatchObject({ applied: false })
    expect(events[0]!.clockCorrection!.offset).toBeGreaterThan(60 * 365 * 86_400_000)
    const url = await c.presign({ bucket: 'b', key: 'k', expiresIn: 60 })
    expect(Number(new URL(url).searchParams.get('Expires')) * 1000).toBeLessThan(
      Date.now() + 120_000,
    )
    await c.close()
  })
})

/** A server that answers 200 with `header` and `first`, then one `drip` byte every 50 ms. */
function dripServer(header: string, first: string, drip = first): Promise<NetServer> {
  return startNetServer((socket) => {
    socket.write(`HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n${header}\r\n\r\n${first}`)
    const timer = setInterval(() => {
      if (socket.destroyed) clearInterval(timer)
      else socket.write(drip)
    }, 50)
    socket.on('close', () => clearInterval(timer))
  })
}

describe('a body that drips', () => {
  it('fails as stalled once it stays under timeouts.minSpeed for a body window', async () => {
    server = await dripServer('etag: "x"', 'x')
    const c = clientOf(
      { endpoint: server.endpoint, credentials } as Parameters<typeof clientOf>[0],
      {
        timeouts: { body: 400, minSpeed: 1000 },
      },
    )
    const got = await c.getObject({ bucket: 'b', key: 'k' })
    await expect(drain(got.body)).rejects.toMatchObject({ code: 'JSS_ERR_STALLED' })
    await c.close()
  })
})

describe('abort wiring', () => {
  let jss: Awaited<ReturnType<typeof startServer>>
  afterAll(() => jss?.close())

  it('one signal over many calls holds one listener at a time; a kept body holds it until it closes', async () => {
    jss = await startServer({ buckets: ['bkt'] })
    const c = clientOf(jss)
    await c.putObject({ bucket: 'bkt', key: 'k', body: new Uint8Array([1, 2, 3]) })
    const controller = new AbortController()
    const { signal } = controller
    let most = 0
    for (let i = 0; i < 2000; i++) {
      await c.headObject({ bucket: 'bkt', key: 'k' }, { signal })
      most = Math.max(most, getEventListeners(signal, 'abort').length)
    }
    expect(most).toBeLessThanOrEqual(1)
    expect(getEventListeners(signal, 'abort')).toHaveLength(0)
    const got = await c.getObject({ bucket: 'bkt', key: 'k' }, { signal })
    expect(getEventListeners(signal, 'abort')).toHaveLength(1)
    await drain(got.body)
    await new Promise((resolve) => setImmediate(resolve))
    expect(getEventListeners(signal, 'abort')).toHaveLength(0)
    const aborting = await c.getObject({ bucket: 'bkt', key: 'k' }, { signal })
    const reason = new Error('caller stops')
    controller.abort(reason)
    await expect(drain(aborting.body)).rejects.toBe(reason)
    await c.close()
  }, 60_000)
})

describe('a listing that drips', () => {
  it('fails as stalled too, instead of holding the call for the whole deadline', async () => {
    server = await dripServer('content-type: application/json', '{', ' ')
    const c = clientOf(
      { endpoint: server.endpoint, credentials } as Parameters<typeof clientOf>[0],
      {
        timeouts: { body: 400, minSpeed: 1000 },
        retry: { attempts: 1 },
      },
    )
    await expect(c.listObjects({ bucket: 'b' })).rejects.toMatchObject({ code: 'JSS_ERR_STALLED' })
    await c.close()
  })
})
