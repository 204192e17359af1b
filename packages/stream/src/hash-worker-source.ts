/**
 * The hashing worker, as plain JavaScript run with `new Worker(source, { eval: true })`, so that it
 * loads the same way from the TypeScript sources (tests) and from `dist/`, on Node 20 and 24.
 *
 * Requests `{ id, op, chunks?, path? }`, answers `{ id, hex }` or `{ id, error }`.
 * - `md5`: MD5 of `chunks` (views of shared blocks: read in place, never copied).
 * - `md5-file`: MD5 of the file at `path` (a spooled part).
 * - `sha-update` / `sha-update-file`: feed the worker's running SHA-256 of the whole stream.
 * - `sha-digest`: the running SHA-256, hex.
 * - `spool-open` / `spool-write` / `spool-finish` / `spool-close`: a spool file (`spool` is its id)
 *   created at `path`; each write appends `chunks` (views of shared blocks, read in place) and feeds
 *   the spool's MD5, so the part is hashed as it is spooled; finish closes it and answers the MD5,
 *   close just closes it (the caller removes the file).
 */
export const HASH_WORKER_SOURCE: string = `
'use strict'
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { openSync, readSync, writeSync, closeSync } = require('node:fs')

let sha = createHash('sha256')
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

function feedChunks(hash, chunks) {
  for (const chunk of chunks) hash.update(chunk)
}

const spools = new Map()

function spoolOf(id) {
  const spool = spools.get(id)
  if (!spool) throw new Error('no open spool ' + id)
  return spool
}

function writeChunks(fd, chunks) {
  for (const chunk of chunks) {
    let offset = 0
    while (offset < chunk.byteLength) {
      offset += writeSync(fd, chunk, offset, chunk.byteLength - offset)
    }
  }
}

parentPort.on('message', (message) => {
  const { id, op } = message
  try {
    let hex
    if (op === 'md5') {
      const hash = createHash('md5')
      feedChunks(hash, message.chunks)
      hex = hash.digest('hex')
    } else if (op === 'md5-file') {
      const hash = createHash('md5')
      feedFile(hash, message.path)
      hex = hash.digest('hex')
    } else if (op === 'sha-update') {
      feedChunks(sha, message.chunks)
    } else if (op === 'sha-update-file') {
      feedFile(sha, message.path)
    } else if (op === 'spool-open') {
      spools.set(message.spool, { fd: openSync(message.path, 'wx', 0o600), hash: createHash('md5') })
    } else if (op === 'spool-write') {
      const spool = spoolOf(message.spool)
      writeChunks(spool.fd, message.chunks)
      feedChunks(spool.hash, message.chunks)
    } else if (op === 'spool-finish') {
      const spool = spoolOf(message.spool)
      spools.delete(message.spool)
      closeSync(spool.fd)
      hex = spool.hash.digest('hex')
    } else if (op === 'spool-close') {
      const spool = spools.get(message.spool)
      spools.delete(message.spool)
      if (spool) closeSync(spool.fd)
    } else if (op === 'sha-digest') {
      hex = sha.digest('hex')
      sha = createHash('sha256')
    } else {
      throw new Error('unknown operation ' + op)
    }
    parentPort.postMessage({ id, hex })
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message ? error.message : error) })
  }
})
`
