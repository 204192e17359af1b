// Chunker: cutting 64 KiB pipe reads into parts. Ours (`splitStream` of @jss/stream: views of the
// source chunks cut with subarray, no copy), `stream-chunker` (a Transform that concatenates its
// pending buffer with every chunk), and a naive Buffer.concat-per-chunk splitter. In-process, MB/s.
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { splitStream } from '@jss/stream'
import createChunker from 'stream-chunker'
import { mbPerSecond, summarize } from './stats.mjs'

const chunkSize = 64 * 1024
const pattern = Buffer.alloc(16 * 1024 * 1024, 7)

function source(bytes) {
  return Readable.from(
    (function* () {
      for (let offset = 0; offset < bytes; offset += chunkSize) {
        const start = offset % pattern.length
        yield pattern.subarray(start, start + Math.min(chunkSize, bytes - offset))
      }
    })(),
    { objectMode: false, highWaterMark: chunkSize },
  )
}

async function ours(bytes, partSize) {
  let parts = 0
  let segments = []
  for await (const segment of splitStream(source(bytes), { sizeAt: () => partSize })) {
    segments.push(segment.data)
    if (segment.partDone) {
      parts++
      segments = []
    }
  }
  return parts + (segments.length ? 1 : 0)
}

async function streamChunker(bytes, partSize) {
  let parts = 0
  await pipeline(
    source(bytes),
    createChunker(partSize, { flush: true }),
    new Writable({
      write(_chunk, _encoding, done) {
        parts++
        done()
      },
    }),
  )
  return parts
}

async function naive(bytes, partSize) {
  let parts = 0
  let pending = Buffer.alloc(0)
  for await (const chunk of source(bytes)) {
    pending = Buffer.concat([pending, chunk])
    while (pending.length >= partSize) {
      parts++
      pending = pending.subarray(partSize)
    }
  }
  return parts + (pending.length ? 1 : 0)
}

export const splitters = [
  { name: '@jss/stream splitStream (list of views)', run: ours, quadratic: false },
  { name: 'stream-chunker 1.2.8', run: streamChunker, quadratic: true },
  { name: 'naive Buffer.concat per chunk', run: naive, quadratic: true },
]

/**
 * The splitters that copy their pending buffer per chunk cost O(partSize² / chunkSize) per part, so
 * they get a smaller volume (two parts of 8 MiB, one of 64 MiB) to keep the run short; MB/s stays
 * comparable because the cost is per part.
 */
function volumeFor(splitter, bytes, partSize) {
  return splitter.quadratic ? Math.min(bytes, partSize * (partSize >= 64 * 2 ** 20 ? 1 : 2)) : bytes
}

export async function measureChunker({ bytes: total, partSizes, runs, quick = false, log }) {
  const rows = []
  for (const partSize of partSizes) {
    const times = splitters.map(() => [])
    for (let round = 0; round < runs; round++) {
      for (const [index, splitter] of splitters.entries()) {
        // One round is enough to show a quadratic splitter's MB/s, and each costs seconds per part.
        if (quick && splitter.quadratic && round > 0) continue
        const bytes = volumeFor(splitter, total, partSize)
        const expected = Math.ceil(bytes / partSize)
        const started = process.hrtime.bigint()
        const parts = await splitter.run(bytes, partSize)
        const seconds = Number(process.hrtime.bigint() - started) / 1e9
        if (parts !== expected)
          throw new Error(`${splitter.name} made ${parts} parts, expected ${expected}`)
        times[index].push(seconds)
        log(
          `  chunker ${partSize / 2 ** 20} MiB round ${round + 1}/${runs} ${splitter.name}: ${mbPerSecond(bytes, seconds).toFixed(0)} MB/s`,
        )
      }
    }
    for (const [index, splitter] of splitters.entries()) {
      const s = summarize(times[index])
      const bytes = volumeFor(splitter, total, partSize)
      rows.push({
        name: splitter.name,
        partSize,
        bytes,
        mbps: {
          median: mbPerSecond(bytes, s.median),
          min: mbPerSecond(bytes, s.max),
          max: mbPerSecond(bytes, s.min),
        },
      })
    }
  }
  return rows
}
