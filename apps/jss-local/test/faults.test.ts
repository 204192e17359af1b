import { createHash } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type JssLocal, startJssLocal } from '../src/index.js'
import { expectError, expectJson } from './expect-reply.js'
import { RawConnection, rawHead } from './raw-connection.js'
import type { RawReply } from './raw-http.js'
import { send } from './send.js'

const md5 = (data: string): string => createHash('md5').update(data).digest('hex')

let server: JssLocal
let uploadId: string
beforeAll(async () => {
  server = await startJssLocal({ buckets: ['faults'], minPartSize: 1, faultSeed: 7 })
  uploadId = expectJson(await send(server, { method: 'POST', path: '/faults/key?uploads' }))
    .UploadId as string
})
afterAll(() => server.close())
beforeEach(() => server.setFaults(undefined))

const part = (n: number, body = 'part-body') =>
  send(server, { method: 'PUT', path: `/faults/key?partNumber=${n}&uploadId=${uploadId}`, body })

describe('fault injection', () => {
  it('answers 500 InternalError and stores nothing', async () => {
    server.setFaults('uploadPart:500=1')
    expectError(await part(1), 500, 'InternalError')
    server.setFaults(undefined)
    const parts = expectJson(
      await send(server, { method: 'GET', path: `/faults/key?uploadId=${uploadId}` }),
    )
    expect(parts.Part).toEqual([])
    expect(server.counters.faultsInjected['500']).toBeGreaterThanOrEqual(1)
  })

  it('answers 503 SlowDown with Retry-After', async () => {
    server.setFaults('uploadPart:503=3s@1')
    const reply = await part(1)
    expectError(reply, 503, 'SlowDown')
    expect(reply.headers['retry-after']).toBe('3')
    server.setFaults('*:503=1')
    expect((await part(1)).headers['retry-after']).toBe('1')
  })

  it('resets the connection part-way through the body', async () => {
    server.setFaults('uploadPart:reset=1')
    const before = server.counters.faultsInjected.reset ?? 0
    await expect(part(2, 'x'.repeat(64 * 1024))).rejects.toThrow()
    expect(server.counters.faultsInjected.reset).toBe(before + 1)
    server.setFaults(undefined)
    expect((await part(2)).status).toBe(200)
  })

  it('stalls, then answers normally', async () => {
    server.setFaults('uploadPart:stall=50ms@1')
    const before = server.counters.faultsInjected.stall ?? 0
    const reply = await part(3, 'stalled')
    expect(reply.status).toBe(200)
    expect(reply.headers.etag).toBe(`"${md5('stalled')}"`)
    expect(server.counters.faultsInjected.stall).toBe(before + 1)
  })

  it('answers a wrong ETag while storing the part correctly', async () => {
    server.setFaults('uploadPart:etag=1')
    const reply = await part(4, 'four')
    expect(reply.status).toBe(200)
    expect(reply.headers.etag).not.toBe(`"${md5('four')}"`)
    expect(reply.headers.etag).toMatch(/^"[0-9a-f]{32}"$/)
    server.setFaults(undefined)
    const parts = expectJson(
      await send(server, { method: 'GET', path: `/faults/key?uploadId=${uploadId}` }),
    )
    expect(parts.Part).toContainEqual(expect.objectContaining({ PartNumber: 4, ETag: md5('four') }))
  })

  it('scopes faults to an operation; * applies to the others', async () => {
    server.setFaults('uploadPart:500=1;*:503=1')
    expectError(await part(5), 500, 'InternalError')
    expectError(await send(server, { method: 'GET', path: '/faults' }), 503, 'SlowDown')
    server.setFaults('listObjects:500=1')
    expect((await part(5)).status).toBe(200)
  })

  it('is deterministic under a seed', async () => {
    const run = async (): Promise<number[]> => {
      server.setFaults('uploadPart:500=0.5')
      const statuses: number[] = []
      for (let i = 0; i < 12; i++) statuses.push((await part(6)).status)
      return statuses
    }
    const first = await run()
    expect(await run()).toEqual(first)
    expect(first).toContain(500)
    expect(first).toContain(200)
  })

  it('counts requests and operations', async () => {
    const before = { ...server.counters.operations }
    const requests = server.counters.requests
    await part(7)
    await send(server, { method: 'GET', path: '/faults' })
    expect(server.counters.operations.uploadPart).toBe((before.uploadPart ?? 0) + 1)
    expect(server.counters.operations.listObjects).toBe((before.listObjects ?? 0) + 1)
    expect(server.counters.requests).toBe(requests + 2)
    expect(server.counters.requestsInFlight).toBe(0)
    expect(server.counters.partsInFlight).toBe(0)
    expect(server.counters.peakPartsInFlight).toBeGreaterThanOrEqual(1)
  })

  it('counts parts in flight at their peak', async () => {
    server.setFaults('uploadPart:stall=100ms@1')
    const before = server.counters.peakRequestsInFlight
    await Promise.all([8, 9, 10].map((n) => part(n)))
    expect(server.counters.peakRequestsInFlight).toBeGreaterThanOrEqual(Math.max(before, 3))
  })
})

describe('cut faults', () => {
  const body = Array.from({ length: 4096 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('')
  /** A GET on a connection of its own, read until the server closes it. */
  const get = async (headers: Record<string, string> = {}): Promise<RawReply> => {
    const connection = new RawConnection(server)
    connection.write(await rawHead(server, 'GET', '/faults/cut', { headers }))
    return connection.readUntilClosed()
  }

  it('drop the connection part-way through a GET body, at a point set by the seed', async () => {
    expect((await send(server, { method: 'PUT', path: '/faults/cut', body })).status).toBe(200)
    server.setFaults('getObject:cut=1')
    const before = server.counters.faultsInjected.cut ?? 0
    const first = await get()
    expect(first.status).toBe(200)
    expect(first.headers['content-length']).toBe(String(body.length))
    expect(first.body.length).toBeLessThan(body.length)
    expect(body.startsWith(first.body)).toBe(true)
    const second = await get()
    expect(server.counters.faultsInjected.cut).toBe(before + 2)
    // The same seed and spec cut at the same points.
    server.setFaults('getObject:cut=1')
    expect((await get()).body).toBe(first.body)
    expect((await get()).body).toBe(second.body)
    await expect(send(server, { method: 'GET', path: '/faults/cut' })).rejects.toThrow()
  })

  it('cut the part of the body a Range asked for; apply to GET only', async () => {
    server.setFaults('*:cut=1')
    const ranged = await get({ Range: 'bytes=100-199' })
    expect(ranged.status).toBe(206)
    expect(ranged.body.length).toBeLessThan(100)
    expect(body.slice(100, 200).startsWith(ranged.body)).toBe(true)
    const head = await send(server, { method: 'HEAD', path: '/faults/cut' })
    expect(head.status).toBe(200)
    expect(head.headers['content-length']).toBe(String(body.length))
    expect((await send(server, { method: 'GET', path: '/faults' })).status).toBe(200)
    server.setFaults(undefined)
    expect((await send(server, { method: 'GET', path: '/faults/cut' })).text).toBe(body)
  })
})

describe('stall faults over a server lifetime', () => {
  it('leave no abort listener behind (no MaxListenersExceededWarning)', async () => {
    const warnings: string[] = []
    const onWarning = (warning: Error): void => {
      warnings.push(`${warning.name}: ${warning.message}`)
    }
    // A server of its own: Node warns once per signal.
    const fresh = await startJssLocal({ buckets: ['stalls'], faults: '*:stall=1ms@1' })
    process.on('warning', onWarning)
    try {
      for (let i = 0; i < 12; i++) {
        expect((await send(fresh, { method: 'GET', path: '/stalls' })).status).toBe(200)
      }
      expect(fresh.counters.faultsInjected.stall).toBe(12)
      // Warnings are emitted on a later tick.
      await new Promise((resolve) => setImmediate(resolve))
    } finally {
      process.off('warning', onWarning)
      await fresh.close()
    }
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([])
  })
})
