#!/usr/bin/env node
// concurrent-child.mjs CONTENDER ENDPOINT N BYTES — N uploads of BYTES each at once, in this one process,
// into ENDPOINT (the discard server), by CONTENDER: `uploader` (one shared createUploader), `upload-stream`
// (N uploadStream calls) or `lib-storage` (N lib-storage Uploads). Bodies are generated Readables.
// Prints one JSON line on stdout: { seconds, peakRss (VmHWM at the end), threads (most seen, sampled
// every 25 ms from /proc/self/task) }.
import { randomFillSync } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { Readable } from 'node:stream'

// Each contender loads only its own library (imported in its run function): the AWS SDK's modules
// cost about 9 MiB of heap, which would otherwise count in every contender's peak RSS.

const MiB = 1024 * 1024
const [contender, endpoint, countText, bytesText] = process.argv.slice(2)
const count = Number(countText)
const bytes = Number(bytesText)
if (!Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(bytes) || bytes < 0) {
  console.error('usage: concurrent-child.mjs uploader|upload-stream|lib-storage ENDPOINT N BYTES')
  process.exit(2)
}
const bucket = 'bench'
const credentials = { accessKey: 'bench', secretKey: 'bench-secret' }

// One 1 MiB random pattern for every body: each body hands out 64 KiB views of it. It is the
// harness's own memory, counted in every contender's peak RSS alike, so it is kept small: a service's
// bodies come from sockets, not from a buffer held for the whole run (16 MiB until 2026-12-03).
const pattern = randomFillSync(Buffer.allocUnsafe(MiB))
const chunk = 64 * 1024

/** A Readable of exactly `total` pseudo-random bytes, in 64 KiB views of the shared pattern. */
function generatedBody(total, start) {
  let sent = 0
  let offset = (start * chunk * 7) % pattern.length
  return new Readable({
    read() {
      while (sent < total) {
        const size = Math.min(chunk, total - sent, pattern.length - offset)
        const view = pattern.subarray(offset, offset + size)
        offset = (offset + size) % pattern.length
        sent += size
        if (!this.push(view)) return
      }
      this.push(null)
    },
  })
}

/** The highest thread count seen, sampled every 25 ms (and once more at the end). */
let threads = 0
const sampleThreads = () => {
  threads = Math.max(threads, readdirSync('/proc/self/task').length)
}
const sampler = setInterval(sampleThreads, 25)

/** The shared uploader of @jss/stream: one pool of 256 MiB, 4 part requests in flight in all. */
async function runUploader({ createClient, createUploader }) {
  const client = createClient({ endpoint, credentials })
  const uploader = createUploader({ client, memoryLimit: 256 * MiB, concurrency: 4 })
  try {
    await Promise.all(
      keys().map((key, i) => uploader.upload({ bucket, key, body: generatedBody(bytes, i) })),
    )
  } finally {
    await uploader.close()
    await client.close()
  }
}

/** N separate uploadStream calls, at their defaults, through one client. */
async function runUploadStream({ createClient, uploadStream }) {
  const client = createClient({ endpoint, credentials })
  try {
    await Promise.all(
      keys().map((key, i) => uploadStream({ client, bucket, key, body: generatedBody(bytes, i) })),
    )
  } finally {
    await client.close()
  }
}

/** N lib-storage Uploads (8 MiB parts, 4 at a time each, as lib-storage-put.mjs), through one S3Client. */
async function runLibStorage({ S3Client, Upload }) {
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: credentials.accessKey, secretAccessKey: credentials.secretKey },
  })
  try {
    await Promise.all(
      keys().map((Key, i) =>
        new Upload({
          client,
          params: { Bucket: bucket, Key, Body: generatedBody(bytes, i) },
          partSize: 8 * MiB,
          queueSize: 4,
        }).done(),
      ),
    )
  } finally {
    client.destroy()
  }
}

const keys = () => Array.from({ length: count }, (_, i) => `concurrent/${contender}-${i}`)
/** The modules a contender uses, loaded before the clock starts. */
const loadJss = async () => ({
  ...(await import('@jss/protocol')),
  ...(await import('@jss/stream')),
})
const loadAws = async () => ({
  ...(await import('@aws-sdk/client-s3')),
  ...(await import('@aws-sdk/lib-storage')),
})
const runs = {
  uploader: [loadJss, runUploader],
  'upload-stream': [loadJss, runUploadStream],
  'lib-storage': [loadAws, runLibStorage],
}
if (!(contender in runs)) {
  console.error(`unknown contender "${contender}"`)
  process.exit(2)
}
const [load, run] = runs[contender]
const modules = await load()
const started = process.hrtime.bigint()
await run(modules)
const seconds = Number(process.hrtime.bigint() - started) / 1e9
sampleThreads()
clearInterval(sampler)
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
const peakRss = hwm ? Number(hwm[1]) * 1024 : 0
process.stdout.write(`${JSON.stringify({ seconds, peakRss, threads })}\n`)
