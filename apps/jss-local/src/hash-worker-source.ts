/**
 * The hash worker's source: it hashes each batch of chunks with MD5 and writes the batch with one
 * synchronous `fs.writevSync` on this worker's own thread (not libuv's thread pool, which the main
 * thread's metadata operations share: queued behind body writes, they delayed every answer), then
 * acknowledges the bytes so that the main thread can bound what is in flight. CommonJS source run
 * with `eval`, so that it works from the TypeScript sources and from `dist/` alike.
 */
export const HASH_WORKER_SOURCE: string = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const fs = require('node:fs')
const sessions = new Map()
function fail(id, s, error) {
  if (s) {
    sessions.delete(id)
    try { fs.closeSync(s.fd) } catch {}
  }
  parentPort.postMessage({ id, type: 'error', message: String((error && error.message) || error) })
}
function writeAll(fd, buffers, bytes) {
  let rest = buffers
  let left = bytes
  for (;;) {
    const written = fs.writevSync(fd, rest)
    left -= written
    if (left <= 0) return
    // A short write: write the rest from where it stopped.
    let skip = written
    const next = []
    for (const b of rest) {
      if (skip >= b.length) skip -= b.length
      else {
        next.push(skip > 0 ? b.subarray(skip) : b)
        skip = 0
      }
    }
    rest = next
  }
}
function receive(m, s) {
  if (m.type === 'chunks') {
    const buffers = m.chunks.map((c) => Buffer.from(c.data, c.offset, c.length))
    let bytes = 0
    for (const b of buffers) {
      s.hash.update(b)
      bytes += b.length
    }
    writeAll(s.fd, buffers, bytes)
    s.size += bytes
    parentPort.postMessage({ id: m.id, type: 'ack', bytes })
  } else if (m.type === 'end') {
    sessions.delete(m.id)
    fs.closeSync(s.fd)
    parentPort.postMessage({ id: m.id, type: 'done', md5: s.hash.digest('hex'), size: s.size })
  } else if (m.type === 'abort') {
    sessions.delete(m.id)
    fs.closeSync(s.fd)
  }
}
parentPort.on('message', (m) => {
  if (m.type === 'open') {
    try {
      sessions.set(m.id, { fd: fs.openSync(m.path, 'w'), hash: createHash('md5'), size: 0 })
    } catch (error) {
      fail(m.id, undefined, error)
    }
    return
  }
  const s = sessions.get(m.id)
  if (!s) return
  try {
    receive(m, s)
  } catch (error) {
    fail(m.id, s, error)
  }
})
`
