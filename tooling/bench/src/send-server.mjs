#!/usr/bin/env node
// An HTTP server that sends what it is asked for and nothing else, for the receive section:
// `GET /bytes/N` answers N bytes (content-length N) written from one reused 8 MiB buffer, so that
// the server does as little as a Node HTTP server can per byte; `GET /cpu` answers its own
// process.cpuUsage() as JSON ({ user, system } in microseconds, since it started), read by the
// harness before and after each round. Prints one JSON line {"endpoint"} on stdout; stops on
// SIGINT/SIGTERM.
import { createServer } from 'node:http'

const buffer = Buffer.alloc(8 * 1024 * 1024, 'jss-stream receive bench ')

function send(response, total) {
  response.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': String(total),
  })
  let sent = 0
  const pump = () => {
    while (sent < total) {
      const size = Math.min(buffer.length, total - sent)
      sent += size
      if (!response.write(size === buffer.length ? buffer : buffer.subarray(0, size)))
        return response.once('drain', pump)
    }
    response.end()
  }
  pump()
}

const server = createServer(
  { keepAliveTimeout: 60_000, requestTimeout: 0 },
  (request, response) => {
    const bytes = /^\/bytes\/(\d+)$/.exec(request.url ?? '')
    if (request.method === 'GET' && bytes) return send(response, Number(bytes[1]))
    if (request.method === 'GET' && request.url === '/cpu') {
      const body = JSON.stringify(process.cpuUsage())
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length })
      return response.end(body)
    }
    response.writeHead(404, { 'content-length': 0 })
    response.end()
  },
)
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address()
  process.stdout.write(`${JSON.stringify({ endpoint: `http://127.0.0.1:${port}` })}\n`)
})
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    server.closeAllConnections()
    server.close(() => process.exit(0))
  })
