import { createMd5LaneSet } from './md5-lane-set.js'
import { createMd5Lanes } from './md5-lanes.js'

/**
 * The hashing worker, as plain JavaScript run with `new Worker(source, { eval: true })`, so that it
 * loads the same way from the TypeScript sources (tests) and from `dist/`, on Node 20 and 24.
 *
 * Started with `workerData.nice`: on Linux the thread adds it to its nice value (capped at 19);
 * and `workerData.md5Lanes`, the compiled SIMD lanes module (`compileMd5Lanes`), or none where
 * WebAssembly SIMD is not available.
 *
 * Requests `{ id, op, refs?, share?, views?, path? }`, answers `{ id, hex }` or `{ id, error }`
 * (an MD5 run in the lanes says with how many others: `{ id, hex, lanes }`).
 * The chunks of a request are `refs` (see `encodeChunks`): three integers each, the id of a shared
 * buffer the worker was given (in `share`, by this or an earlier request) or `-1 - i` for
 * `views[i]`, then the byte offset and length; the worker builds views on the shared buffers it
 * keeps, so shared bytes are read in place and never copied.
 * - `md5`: MD5 of the chunks, in the lanes (`md5-lanes.ts`): requests that wait together, or that
 *   arrive while others are being hashed (the port is read again between stretches with
 *   `receiveMessageOnPort`), run side by side — one alone as fast as OpenSSL, four at about twice
 *   its speed on one core, eight at about three times. Without the lanes module, OpenSSL.
 * - `sha-update` / `sha-update-file`: feed the worker's running SHA-256 of the whole stream.
 * - `sha-digest`: the running SHA-256, hex.
 *   With a `stream` number, the three `sha-*` operations use that stream's own running SHA-256
 *   (one per upload sharing the worker) instead of the worker's.
 * - `spool-open` / `spool-write` / `spool-finish` / `spool-close`: a running MD5 (`spool` is its
 *   id) fed in the order of the writes — a part read in several pieces, or a part spooled to a file
 *   (which the main thread writes) — answered by finish, dropped by close.
 */
export const HASH_WORKER_SOURCE: string = `
'use strict'
const { parentPort, receiveMessageOnPort, workerData } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { openSync, readSync, readlinkSync, closeSync } = require('node:fs')
const { getPriority, setPriority } = require('node:os')

// Linux: a thread is its own scheduling entity, named by its id in /proc/thread-self.
function lowerPriority(nice) {
  if (!(nice > 0)) return
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (Number.isSafeInteger(tid) && tid > 0) setPriority(tid, Math.min(19, getPriority(tid) + nice))
  } catch {
    // best effort: no /proc (not Linux) or not permitted
  }
}
lowerPriority(workerData && workerData.nice)

const createMd5Lanes = ${String(createMd5Lanes)}
const createMd5LaneSet = ${String(createMd5LaneSet)}
let lanes
try {
  if (workerData && workerData.md5Lanes) lanes = createMd5LaneSet(workerData.md5Lanes, createMd5Lanes)
} catch {
  lanes = undefined // no SIMD here: OpenSSL for every request
}

let sha = createHash('sha256')
const shaStreams = new Map()

function shaOf(stream) {
  if (stream === undefined) return sha
  let hash = shaStreams.get(stream)
  if (!hash) {
    hash = createHash('sha256')
    shaStreams.set(stream, hash)
  }
  return hash
}
const scratch = Buffer.allocUnsafe(1024 * 1024)

function feedFile(hash, path) {
  const fd = openSync(path, 'r')
  try {
    for (;;) {
      const n = readSync(fd, scratch, 0, scratch.length, null)
      if (n === 0) break
      hash.update(scratch.subarray(0, n))
    }
  } finally {
    closeSync(fd)
  }
}

const shared = new Map()

// A slab memory is kept as one buffer object (its memory.buffer is a new object after any grow),
// the one its chunks are views of, which is how its lanes know them.
function keep(share) {
  if (!share) return
  for (let i = 0; i < share.length; i += 2) {
    const id = share[i]
    const item = share[i + 1]
    if (shared.has(id)) continue
    if (typeof WebAssembly === 'object' && item instanceof WebAssembly.Memory) {
      const buffer = item.buffer
      shared.set(id, buffer)
      if (lanes) lanes.attach(buffer, item)
    } else shared.set(id, item)
  }
}

function chunksOf(message) {
  const { refs, share, views } = message
  keep(share)
  const chunks = []
  for (let i = 0; i < refs.length; i += 3) {
    const buffer = refs[i]
    if (buffer < 0) {
      chunks.push(views[-buffer - 1])
      continue
    }
    const sab = shared.get(buffer)
    if (sab === undefined) throw new Error('unknown shared buffer ' + buffer)
    chunks.push(new Uint8Array(sab, refs[i + 1], refs[i + 2]))
  }
  return chunks
}

function feedChunks(hash, chunks) {
  for (const chunk of chunks) hash.update(chunk)
}

const spools = new Map()

function spoolOf(id) {
  const spool = spools.get(id)
  if (!spool) throw new Error('no open spool ' + id)
  return spool
}

function reply(id, run, lanes) {
  try {
    parentPort.postMessage(lanes ? { id, hex: run(), lanes } : { id, hex: run() })
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message ? error.message : error) })
  }
}

function md5Of(message) {
  const hash = createHash('md5')
  feedChunks(hash, chunksOf(message))
  return hash.digest('hex')
}

// md5 requests run in the lanes, side by side: those that arrive meanwhile join free lanes between
// stretches (the port is read again). Other requests are answered as they are taken.
const waiting = []
let pumping = false

function take(message) {
  // a later request may name a shared buffer that this one posts
  keep(message.share)
  if (message.op === 'md5') waiting.push(message)
  else handle(message)
}

function startLane(message) {
  try {
    lanes.add(chunksOf(message), message.id)
  } catch (error) {
    reply(message.id, () => {
      throw error
    })
  }
}

function pump() {
  pumping = true
  try {
    for (;;) {
      for (let next = receiveMessageOnPort(parentPort); next; next = receiveMessageOnPort(parentPort))
        take(next.message)
      if (!lanes) {
        while (waiting.length > 0) {
          const message = waiting.shift()
          reply(message.id, () => md5Of(message))
        }
        return
      }
      while (waiting.length > 0 && lanes.free > 0) startLane(waiting.shift())
      if (lanes.busy === 0) return
      const width = lanes.busy
      for (const { token, hex } of lanes.step()) reply(token, () => hex, width)
    }
  } finally {
    pumping = false
  }
}

parentPort.on('message', (message) => {
  take(message)
  if (!pumping) pump()
})

function handle(message) {
  const { id, op } = message
  try {
    let hex
    if (op === 'sha-update') {
      feedChunks(shaOf(message.stream), chunksOf(message))
    } else if (op === 'sha-update-file') {
      feedFile(shaOf(message.stream), message.path)
    } else if (op === 'spool-open') {
      spools.set(message.spool, createHash('md5'))
    } else if (op === 'spool-write') {
      feedChunks(spoolOf(message.spool), chunksOf(message))
    } else if (op === 'spool-finish') {
      const hash = spoolOf(message.spool)
      spools.delete(message.spool)
      hex = hash.digest('hex')
    } else if (op === 'spool-close') {
      spools.delete(message.spool)
    } else if (op === 'sha-digest') {
      hex = shaOf(message.stream).digest('hex')
      if (message.stream === undefined) sha = createHash('sha256')
      else shaStreams.delete(message.stream)
    } else {
      throw new Error('unknown operation ' + op)
    }
    parentPort.postMessage({ id, hex })
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message ? error.message : error) })
  }
}
`
