#!/usr/bin/env node
// source.mjs BYTES — writes BYTES of pseudo-random data to stdout as fast as the pipe takes it, in
// 64 KiB writes (the size of a Linux pipe read), from a 16 MiB random pattern.
import { randomFillSync } from 'node:crypto'

const total = Number(process.argv[2])
if (!Number.isSafeInteger(total) || total < 0) {
  console.error('usage: source.mjs BYTES')
  process.exit(2)
}
const pattern = randomFillSync(Buffer.allocUnsafe(16 * 1024 * 1024))
const chunk = 64 * 1024
let written = 0
let offset = 0
function pump() {
  while (written < total) {
    const size = Math.min(chunk, total - written)
    const view = pattern.subarray(offset, offset + size)
    offset = (offset + size) % pattern.length
    written += size
    if (!process.stdout.write(view)) return process.stdout.once('drain', pump)
  }
  process.stdout.end()
}
pump()
