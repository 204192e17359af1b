import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { JssResponseError, JssTransportError } from '../src/errors.js'
import { bytes, clientOf } from './helpers.js'
import { answer, startNetServer } from './net-server.js'

const credentials = { accessKey: 'AK', secretKey: 'SK' }
const at = (endpoint: string) => ({ endpoint, credentials }) as Parameters<typeof clientOf>[0]

async function closedPort(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

describe('transport failures are coded errors with the cause attached', () => {
  it('a refused connection is JSS_ERR_CONNECT, retried, then given up', async () => {
    const c = clientOf(at(await closedPort()))
    const error = await c.listObjects({ bucket: 'test' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JssTransportError)
    expect(error).toMatchObject({
      code: 'JSS_ERR_CONNECT',
      retryable: true,
      ambiguous: false,
      attempts: 6,
    })
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' })
    expect((error as Error).message).toMatch(/check the endpoint/i)
    await c.close()
  })

  it('an unreachable endpoint stops at the connect deadline, not after every attempt', async () => {
    const c = clientOf(at(await closedPort()), {
      retry: { attempts: 1000, baseDelay: 10, maxDelay: 10, connectDeadline: 100 },
    })
    const error = (await c
      .listObjects({ bucket: 'test' })
      .catch((e: unknown) => e)) as JssTransportError
    expect(error.code).toBe('JSS_ERR_CONNECT')
    expect(error.attempts).toBeGreaterThan(1)
    expect(error.attempts).toBeLessThan(1000)
    await c.close()
  })

  it('an unknown host is JSS_ERR_DNS', async () => {
    const c = clientOf(at('http://no-such-host.invalid'), { retry: { attempts: 1 } })
    await expect(c.listObjects({ bucket: 'test' })).rejects.toMatchObject({ code: 'JSS_ERR_DNS' })
    await c.close()
  })

  it('a server that never answers is JSS_ERR_TIMEOUT (request timeout), retried', async () => {
    const server = await startNetServer(() => undefined)
    const c = clientOf(at(server.endpoint), { timeouts: { request: 100 }, retry: { attempts: 2 } })
    const error = await c.listObjects({ bucket: 'test' }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'JSS_ERR_TIMEOUT', ambiguous: true, attempts: 2 })
    expect((error as Error).cause).toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' })
    expect(server.requests).toBe(2)
    await c.close()
    await server.close()
  })

  it('the total deadline stops a call that keeps failing: JSS_ERR_DEADLINE', async () => {
    const server = await startNetServer(() => undefined)
    const c = clientOf(at(server.endpoint), { retry: { deadline: 150 } })
    await expect(c.listObjects({ bucket: 'test' })).rejects.toMatchObject({
      code: 'JSS_ERR_DEADLINE',
    })
    await c.close()
    await server.close()
  })

  it('a reset connection is JSS_ERR_SOCKET, retried', async () => {
    const server = await startNetServer((socket) => socket.resetAndDestroy())
    const c = clientOf(at(server.endpoint), { retry: { attempts: 3 } })
    const error = await c
      .putObject({ bucket: 'test', key: 'k', body: bytes('abc') })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'JSS_ERR_SOCKET',
      retryable: true,
      ambiguous: true,
      attempts: 3,
    })
    expect(server.requests).toBe(3)
    await c.close()
    await server.close()
  })

  it('a request on a closed client is JSS_ERR_CLIENT_CLOSED, not retried', async () => {
    const c = clientOf(at(await closedPort()))
    await c.close()
    await expect(c.listObjects({ bucket: 'test' })).rejects.toMatchObject({
      code: 'JSS_ERR_CLIENT_CLOSED',
      attempts: 1,
    })
  })
})

describe('answers that break the contract', () => {
  it('a 200 with HTML is a JssResponseError naming the request id', async () => {
    const server = await startNetServer((socket) =>
      answer(
        socket,
        200,
        { 'content-type': 'text/html', 'x-jss-request-id': 'REQ1' },
        '<html>captive portal</html>',
      ),
    )
    const c = clientOf(at(server.endpoint))
    const error = await c
      .initiateMultipartUpload({ bucket: 'test', key: 'k' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JssResponseError)
    expect(error).toMatchObject({
      code: 'JSS_ERR_INVALID_RESPONSE',
      requestId: 'REQ1',
      statusCode: 200,
    })
    expect((error as Error).message).toMatch(/text\/html.*REQ1/s)
    await c.close()
    await server.close()
  })

  it('a 200 with broken JSON or missing fields is a JssResponseError', async () => {
    const bodies = ['{"Bucket":"test","UploadId":', '{"Bucket":"test","Key":"k"}', '[]']
    const server = await startNetServer((socket, _head, i) =>
      answer(
        socket,
        200,
        { 'content-type': 'application/json', 'x-jss-request-id': `REQ${i}` },
        bodies[i] ?? '',
      ),
    )
    const c = clientOf(at(server.endpoint))
    const messages = []
    for (const _ of bodies) {
      const error = await c
        .initiateMultipartUpload({ bucket: 'test', key: 'k' })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(JssResponseError)
      messages.push((error as Error).message)
    }
    expect(messages[0]).toMatch(/Broken JSON.*REQ0/)
    expect(messages[1]).toMatch(/UploadId.*REQ1/)
    expect(messages[2]).toMatch(/JSON object.*REQ2/)
    expect(server.requests).toBe(3)
    await c.close()
    await server.close()
  })

  it('a bucket listing of the wrong shape is a JssResponseError naming the field', async () => {
    const bodies = [
      '{"Buckets":{"Name":"b1"}}',
      '{"Buckets":[{"CreationDate":"Tue, 01 Dec 2026 10:00:00 GMT"}]}',
      '{"Buckets":[{"Name":"b1","CreationDate":"yesterday"}]}',
      '{"Buckets":[{"Name":"b1","CreationDate":12}]}',
      '{"Buckets":[],"Owner":"me"}',
      '{"Buckets":[],"Owner":{"DisplayName":"me"}}',
      '<html>',
    ]
    const server = await startNetServer((socket, _head, i) =>
      answer(
        socket,
        200,
        { 'content-type': 'application/json', 'x-jss-request-id': `REQ${i}` },
        bodies[i] ?? '',
      ),
    )
    const c = clientOf(at(server.endpoint))
    const messages = []
    for (const _ of bodies) {
      const error = await c.listBuckets().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(JssResponseError)
      messages.push((error as Error).message)
    }
    expect(messages).toEqual([
      expect.stringMatching(/field Buckets should be an array.*REQ0/),
      expect.stringMatching(/field Buckets\[0\]\.Name should be a string.*REQ1/),
      expect.stringMatching(
        /field Buckets\[0\]\.CreationDate should be a date, got "yesterday".*REQ2/,
      ),
      expect.stringMatching(/field Buckets\[0\]\.CreationDate should be a string.*REQ3/),
      expect.stringMatching(/field Owner should be an object or null.*REQ4/),
      expect.stringMatching(/field Owner\.ID should be a string.*REQ5/),
      expect.stringMatching(/Broken JSON.*REQ6/),
    ])
    expect(server.requests).toBe(bodies.length)
    await c.close()
    await server.close()
  })

  it('a bucket listing with an owner gives it; without buckets it is empty', async () => {
    const bodies = [
      '{"Buckets":[{"Name":"b1","CreationDate":"Tue, 01 Dec 2026 10:00:00 GMT"}],"Owner":{"ID":"42","DisplayName":"me"}}',
      '{"Owner":{"ID":"42"},"Buckets":null}',
    ]
    const heads: string[] = []
    const server = await startNetServer((socket, head, i) => {
      heads.push(head)
      answer(socket, 200, { 'content-type': 'application/json' }, bodies[i] ?? '')
    })
    const c = clientOf(at(server.endpoint))
    expect(await c.listBuckets()).toEqual({
      buckets: [{ name: 'b1', creationDate: new Date('2026-12-01T10:00:00Z') }],
      owner: { id: '42', displayName: 'me' },
    })
    expect(await c.listBuckets({})).toEqual({
      buckets: [],
      owner: { id: '42', displayName: undefined },
    })
    expect(heads[0]).toMatch(/^GET \/ HTTP\/1\.1\r\n/)
    await c.close()
    await server.close()
  })

  it('a part answer without ETag is a JssResponseError', async () => {
    const server = await startNetServer((socket) => answer(socket, 200, {}))
    const c = clientOf(at(server.endpoint))
    await expect(
      c.uploadPart({ bucket: 'b1', key: 'k', uploadId: 'u', partNumber: 1, body: bytes('x') }),
    ).rejects.toMatchObject({
      code: 'JSS_ERR_INVALID_RESPONSE',
    })
    await c.close()
    await server.close()
  })
})
