/**
 * The hash worker's source: it hashes each batch of chunks with MD5 and writes the batch with one
 * asynchronous `fs.writev` at its position (the thread pool, so that writing overlaps hashing),
 * acknowledging every MiB written so that the main thread can bound what is in flight. CommonJS
 * source run with `eval`, so that it works from the TypeScript sources and from `dist/` alike.
 */
export const HASH_WORKER_SOURCE: string = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const fs = require('node:fs')
const sessions = new Map()
function fail(id, s, error) {
  if (s) {
    if (s.failed) return
    s.failed = true
    sessions.delete(id)
    fs.close(s.fd, () => {})
  }
  parentPort.postMessage({ id, type: 'error', message: String((error && error.message) || error) })
}
function settle(id, s) {
  if (!s.ended || s.pending > 0 || s.failed) return
  sessions.delete(id)
  fs.close(s.fd, (error) => {
    if (error) fail(id, undefined, error)
    else parentPort.postMessage({ id, type: 'done', md5: s.hash.digest('hex'), size: s.size })
  })
}
function write(id, s, buffers, position, bytes) {
  fs.writev(s.fd, buffers, position, (error, written) => {
    if (s.failed) return
    if (error) return fail(id, s, error)
    if (written < bytes) {
      // A short write: write the rest from where it stopped.
      let skip = written
      const rest = []
      for (const b of buffers) {
        if (skip >= b.length) skip -= b.length
        else {
          rest.push(skip > 0 ? b.subarray(skip) : b)
          skip = 0
        }
      }
      return write(id, s, rest, position + written, bytes - written)
    }
    s.pending--
    s.unacked += bytes
    if (s.unacked >= 1048576 || s.pending === 0) {
      parentPort.postMessage({ id, type: 'ack', bytes: s.unacked })
      s.unacked = 0
    }
    settle(id, s)
  })
}
parentPort.on('message', (m) => {
  const s = sessions.get(m.id)
  if (m.type === 'open') {
    try {
      sessions.set(m.id, { fd: fs.openSync(m.path, 'w'), hash: createHash('md5'), size: 0, pending: 0, unacked: 0, ended: false, failed: false })
    } catch (error) {
      fail(m.id, undefined, error)
    }
    return
  }
  if (!s) return
  if (m.type === 'chunks') {
    const buffers = m.chunks.map((c) => Buffer.from(c.data, c.offset, c.length))
    let bytes = 0
    for (const b of buffers) {
      s.hash.update(b)
      bytes += b.length
    }
    const position = s.size
    s.size += bytes
    s.pending++
    write(m.id, s, buffers, position, bytes)
  } else if (m.type === 'end') {
    s.ended = true
    settle(m.id, s)
  } else if (m.type === 'abort') {
    s.failed = true
    sessions.delete(m.id)
    fs.close(s.fd, () => {})
  }
})
`
