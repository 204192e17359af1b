import { connect, createServer, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { clientOf } from './helpers.js'
import { answer, startNetServer } from './net-server.js'

const credentials = { accessKey: 'AK', secretKey: 'SK' }
const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY }

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

/** A minimal forward proxy: answers CONNECT and tunnels, recording the CONNECT lines. */
async function startTunnelProxy(): Promise<{
  endpoint: string
  lines: string[]
  close(): Promise<void>
}> {
  const lines: string[] = []
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    sockets.add(client)
    client.once('data', (chunk: Buffer) => {
      const line = chunk.toString('latin1').split('\r\n')[0] ?? ''
      lines.push(line)
      const [, authority = ''] = line.split(' ')
      const [host, port] = authority.split(':')
      const upstream = connect({ host, port: Number(port) }, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        client.pipe(upstream).pipe(client)
      })
      sockets.add(upstream)
      upstream.on('error', () => client.destroy())
    })
    client.on('error', () => undefined)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    lines,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

describe('proxies from the environment (EnvHttpProxyAgent)', () => {
  it('goes through HTTP_PROXY, unless NO_PROXY names the host', async () => {
    const target = await startNetServer((socket) =>
      answer(
        socket,
        200,
        { 'content-type': 'application/json' },
        '{"Name":"b1","Contents":[],"HasNext":false}',
      ),
    )
    const proxy = await startTunnelProxy()
    process.env.HTTP_PROXY = proxy.endpoint
    const proxied = clientOf({ endpoint: target.endpoint, credentials } as Parameters<
      typeof clientOf
    >[0])
    await proxied.listObjects({ bucket: 'b1' })
    await proxied.close()
    expect(proxy.lines).toEqual([`CONNECT ${new URL(target.endpoint).host} HTTP/1.1`])
    process.env.NO_PROXY = '127.0.0.1'
    const direct = clientOf({ endpoint: target.endpoint, credentials } as Parameters<
      typeof clientOf
    >[0])
    await direct.listObjects({ bucket: 'b1' })
    await direct.close()
    expect(proxy.lines).toHaveLength(1)
    expect(target.requests).toBe(2)
    await proxy.close()
    await target.close()
  })
})
