import { connect, createServer, type Socket } from 'node:net'

/** What the proxy does to one request. */
export type ProxyAction =
  /** Forward the request, then drop the connection instead of passing the answer on. */
  | 'lose-answer'
  /** Drop the connection without forwarding anything. */
  | 'kill'
  /** Forward the request, then answer 503 SlowDown instead of the real answer. */
  | 'replace-503'

/** A TCP proxy in front of jss-local that misbehaves on chosen requests. */
export interface FaultProxy {
  endpoint: string
  /** Applies `action` to the next `times` requests whose request line matches `pattern`. */
  arm(pattern: RegExp, action: ProxyAction, times?: number): void
  /** Request lines seen. */
  lines: string[]
  /** Client connections accepted. */
  readonly connections: number
  close(): Promise<void>
}

const REQUEST_LINE = /^(GET|PUT|POST|DELETE|HEAD|PATCH) (\S+) HTTP\/1\.1\r\n/

/** Starts a proxy on 127.0.0.1:0 forwarding to `target` (`http://host:port`). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const { hostname, port } = new URL(target)
  const rules: { pattern: RegExp; action: ProxyAction; times: number }[] = []
  const lines: string[] = []
  const sockets = new Set<Socket>()
  let connections = 0
  const server = createServer((client) => {
    connections++
    const upstream = connect({ host: hostname, port: Number(port) })
    sockets.add(client).add(upstream)
    let action: ProxyAction | undefined
    client.on('data', (chunk: Buffer) => {
      const line = REQUEST_LINE.exec(chunk.toString('latin1'))
      if (line) {
        lines.push(`${line[1]} ${line[2]}`)
        const rule = rules.find((r) => r.times > 0 && r.pattern.test(`${line[1]} ${line[2]}`))
        action = rule?.action
        if (rule) rule.times--
        if (action === 'kill') {
          client.destroy()
          upstream.destroy()
          return
        }
      }
      upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => {
      if (action === 'lose-answer') {
        client.destroy()
        upstream.destroy()
      } else if (action === 'replace-503') {
        const body =
          '{"code":"SlowDown","message":"replaced by the proxy","resource":"/","requestId":"PROXY00000000000"}'
        client.end(
          `HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json;charset=UTF-8\r\nx-jss-request-id: PROXY00000000000\r\nconnection: close\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
        )
        upstream.destroy()
      } else client.write(chunk)
    })
    const end = (): void => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    arm: (pattern, action, times = 1) => {
      rules.push({ pattern, action, times })
    },
    lines,
    get connections() {
      return connections
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
