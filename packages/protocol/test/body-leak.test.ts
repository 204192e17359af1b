import { expect, it } from 'vitest'
import { JssServiceError } from '../src/errors.js'
import { startFaultProxy } from './fault-proxy.js'
import { bytes, clientOf, md5, startServer } from './helpers.js'

it('a pool of one connection survives 1,000 error answers: every body is consumed', async () => {
  const jss = await startServer()
  const proxy = await startFaultProxy(jss.endpoint)
  const client = clientOf(jss, { endpoint: proxy.endpoint, connections: 1, retry: { attempts: 1 } })
  try {
    await client.putObject({ bucket: 'test', key: 'present', body: bytes('0123456789') })
    const calls = [
      () => client.getObject({ bucket: 'test', key: 'missing' }),
      () =>
        client.putObject({
          bucket: 'test',
          key: 'bad',
          body: bytes('abc'),
          contentMd5: md5('abd'),
        }),
      () => client.listObjects({ bucket: 'no-such-bucket' }),
      () => client.getObject({ bucket: 'test', key: 'present', range: { start: 50 } }),
    ]
    const codes = new Map<string, number>()
    for (let i = 0; i < 1000; i++) {
      const error = await calls[i % calls.length]!().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(JssServiceError)
      const { code } = error as JssServiceError
      codes.set(code, (codes.get(code) ?? 0) + 1)
    }
    expect(Object.fromEntries(codes)).toEqual({
      NoSuchKey: 250,
      BadDigest: 250,
      NoSuchBucket: 250,
      InvalidRange: 250,
    })
    const ok = await client.getObject({ bucket: 'test', key: 'present' })
    ok.body.resume()
    expect(ok.contentLength).toBe(10)
    expect(proxy.connections).toBe(1)
    // jss-local closes the connection after a bodiless HEAD error (no Content-Length): not a leak
    for (let i = 0; i < 20; i++) {
      await expect(client.headObject({ bucket: 'test', key: 'missing' })).rejects.toMatchObject({
        code: 'NoSuchKey',
      })
    }
  } finally {
    await client.close()
    await proxy.close()
    await jss.close()
  }
})
