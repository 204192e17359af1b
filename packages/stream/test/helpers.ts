import { randomBytes } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { createClient, type JssClient } from '@jss/protocol'
import { type JssLocal, type JssLocalOptions, startJssLocal } from 'jss-local'
import { expect } from 'vitest'
import { type PartSchedule, uploadStream } from '../src/index.js'

export const BUCKET = 'stream-test'

export interface Harness {
  readonly server: JssLocal
  readonly client: JssClient
  close(): Promise<void>
}

/** A jss-local server with one bucket and a client with fast retries. */
/**
 * The dialect the suites speak to jss-local: `JSS_TEST_DIALECT` (the `s3` project of
 * vitest.config.ts runs the suites that hold in both dialects again with `s3`).
 */
export const TEST_DIALECT: 'jss' | 's3' = process.env.JSS_TEST_DIALECT === 's3' ? 's3' : 'jss'

export async function startHarness(options: JssLocalOptions = {}): Promise<Harness> {
  const server = await startJssLocal({ buckets: [BUCKET], ...options })
  const client = createClient({
    endpoint: server.endpoint,
    credentials: server.credentials,
    retry: { baseDelay: 1, maxDelay: 5 },
    dialect: TEST_DIALECT,
  })
  return {
    server,
    client,
    async close() {
      await client.destroy()
      await server.destroy()
    },
  }
}

/** The stored object's bytes. */
export async function readObject(client: JssClient, key: string): Promise<Buffer> {
  const { body } = await client.getObject({ bucket: BUCKET, key })
  const chunks: Buffer[] = []
  for await (const chunk of body) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Multipart uploads still open in the bucket. */
export async function openUploads(client: JssClient): Promise<string[]> {
  const page = await client.listMultipartUploads({ bucket: BUCKET })
  return page.uploads.map((u) => u.uploadId)
}

/** `data` as a Readable of chunks of at most `chunkSize` bytes (cut at odd places). */
export function readableOf(data: Uint8Array, chunkSize = 700): Readable {
  const chunks: Uint8Array[] = []
  for (let i = 0; i < data.byteLength; i += chunkSize) chunks.push(data.subarray(i, i + chunkSize))
  return Readable.from(chunks)
}

export function randomData(size: number): Buffer {
  return randomBytes(size)
}

/** Hooks around the real client's calls (a wrapper object, no HTTP mocking). */
export interface ClientHooks {
  beforeUploadPart?(partNumber: number): void
  afterUploadPart?(partNumber: number, bytes: number): void
  beforeComplete?(): void
}

/** The client, with `hooks` called around uploadPart and completeMultipartUpload. */
export function hookClient(client: JssClient, hooks: ClientHooks): JssClient {
  return Object.assign(Object.create(client) as JssClient, {
    async uploadPart(...args: Parameters<JssClient['uploadPart']>) {
      const [params] = args
      hooks.beforeUploadPart?.(params.partNumber)
      const result = await client.uploadPart(...args)
      const body = params.body
      const bytes =
        body instanceof Uint8Array
          ? body.byteLength
          : 'size' in body
            ? body.size
            : body.reduce((n, c) => n + c.byteLength, 0)
      hooks.afterUploadPart?.(params.partNumber, bytes)
      return result
    },
    async completeMultipartUpload(...args: Parameters<JssClient['completeMultipartUpload']>) {
      hooks.beforeComplete?.()
      return client.completeMultipartUpload(...args)
    },
  })
}

/** `data` as an async iterable that counts the bytes pulled from it. */
export function countingSource(
  data: Uint8Array,
  chunkSize: number,
  onPull: (pulledBytes: number) => void,
): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      let pulled = 0
      for (let i = 0; i < data.byteLength; i += chunkSize) {
        const chunk = data.subarray(i, i + chunkSize)
        pulled += chunk.byteLength
        onPull(pulled)
        yield chunk
      }
    },
  }
}

/** Asserts byte equality without a slow element-wise diff of large buffers. */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.byteLength).toBe(expected.byteLength)
  expect(Buffer.compare(actual, expected)).toBe(0)
}

/**
 * Flips one byte of every blob of the object `key` stored by `server` in BUCKET (same length,
 * other content): the bytes no longer match the ETag.
 */
export async function corruptObject(server: JssLocal, key: string): Promise<void> {
  const dir = join(server.data, 'objects', BUCKET)
  for (const file of await readdir(dir)) {
    const record = JSON.parse(await readFile(join(dir, file), 'utf8'))
    if (record.key !== key) continue
    for (const { blob, size } of record.segments as { blob: string; size: number }[]) {
      if (size === 0) continue
      const path = join(server.data, 'blobs', blob)
      const bytes = await readFile(path)
      bytes[size >> 1] = (bytes[size >> 1] ?? 0) ^ 0xff
      await writeFile(path, bytes)
    }
  }
}

/**
 * Uploads `data` in parts of `partSize` (the minimum part size lowered to it, as the download
 * suites' servers allow); answers the schedule the upload recorded.
 */
export async function uploadInParts(
  client: JssClient,
  key: string,
  data: Uint8Array,
  partSize: number,
): Promise<PartSchedule | undefined> {
  const result = await uploadStream({
    client,
    bucket: BUCKET,
    key,
    body: readableOf(data),
    partSize,
    limits: { minPartSize: partSize },
  })
  return result.schedule ?? undefined
}
