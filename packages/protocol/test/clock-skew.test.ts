import type { Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequestEvent } from '../src/client-options.js'
import { JssServiceError } from '../src/errors.js'
import { clientOf, startServer } from './helpers.js'
import { answer, type NetServer, startNetServer } from './net-server.js'

/**
 * A server whose clock is two hours ahead, answering like JSS: 403 RequestTimeTooSkewed (with its
 * own `Date`) when the request's Date is more than 15 minutes off, else an empty listing or HEAD.
 * (jss-local's injected clock does not reach its `Date` header, so it cannot play this part.)
 */
const AHEAD = 2 * 3600_000
function skewedJss(socket: Socket, head: string): void {
  const serverNow = Date.now() + AHEAD
  const date = Date.parse(/\r\ndate:\s*([^\r]+)/i.exec(head)?.[1] ?? '')
  const isHead = head.startsWith('HEAD ')
  const headers = {
    date: new Date(serverNow).toUTCString(),
    'x-jss-request-id': '00000000000000AB',
  }
  if (!(Math.abs(date - serverNow) <= 15 * 60_000)) {
    const body = isHead
      ? ''
      : JSON.stringify({
          code: 'RequestTimeTooSkewed',
          message: 'The difference between the request time and the server time is too large.',
          resource: '/test',
          requestId: '00000000000000AB',
        })
    answer(socket, 403, { ...headers, 'content-type': 'application/json;charset=UTF-8' }, body)
  } else if (isHead) {
    socket.write(
      `HTTP/1.1 200 OK\r\ndate: ${headers.date}\r\netag: "202cb962ac59075b964b07152d234b70"\r\ncontent-length: 3\r\n\r\n`,
    )
  } else {
    answer(
      socket,
      200,
      { ...headers, 'content-type': 'application/json;charset=UTF-8' },
      '{"Name":"test","Contents":[],"HasNext":false}',
    )
  }
}

let server: NetServer
let credentials: { accessKey: string; secretKey: string }
beforeAll(async () => {
  server = await startNetServer(skewedJss)
  credentials = { accessKey: 'AK', secretKey: 'SK' }
})
afterAll(() => server.close())

const fakeJss = () => ({ endpoint: server.endpoint, credentials }) as Parameters<typeof clientOf>[0]

describe('clock skew', () => {
  it('learns the offset from the Date header, re-signs, retries once, and keeps the offset', async () => {
    const seen: RequestEvent[] = []
    const c = clientOf(fakeJss(), { onRequest: (e) => seen.push(e) })
    await c.listObjects({ bucket: 'test' })
    expect(Math.abs(c.clockOffset - AHEAD)).toBeLessThan(5_000)
    expect(seen.map((e) => [e.status, e.attempt])).toEqual([
      [403, 1],
      [200, 2],
    ])
    await c.headObject({ bucket: 'test', key: 'k' })
    expect(seen.map((e) => e.status)).toEqual([403, 200, 200])
    const url = await c.presign({ bucket: 'test', key: 'k', expiresIn: 60 })
    expect(Number(new URL(url).searchParams.get('Expires')) * 1000).toBeGreaterThan(
      Date.now() + AHEAD,
    )
    await c.close()
  })

  it('detects skew on a bodiless HEAD 403 from the Date header', async () => {
    const c = clientOf(fakeJss())
    const info = await c.headObject({ bucket: 'test', key: 'k' })
    expect(info.etag).toBe('202cb962ac59075b964b07152d234b70')
    expect(Math.abs(c.clockOffset - AHEAD)).toBeLessThan(5_000)
    await c.close()
  })

  it('without correction, RequestTimeTooSkewed says to check the clock', async () => {
    const c = clientOf(fakeJss(), { correctClockSkew: false })
    const error = await c.listObjects({ bucket: 'test' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JssServiceError)
    expect(error).toMatchObject({
      code: 'RequestTimeTooSkewed',
      statusCode: 403,
      retryable: false,
      attempts: 1,
    })
    expect((error as Error).message).toMatch(/check the system clock/i)
    await c.close()
  })

  it('jss-local answers a skewed request with RequestTimeTooSkewed', async () => {
    const jss = await startServer({ now: () => Date.now() - 3600_000 })
    const c = clientOf(jss, { correctClockSkew: false })
    try {
      await expect(c.listObjects({ bucket: 'test' })).rejects.toMatchObject({
        code: 'RequestTimeTooSkewed',
        statusCode: 403,
      })
    } finally {
      await c.close()
      await jss.close()
    }
  })
})
