import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ByteSource, multipartEtag, uploadStream } from '../src/index.js'

import {
  BUCKET,
  expectSameBytes,
  type Harness,
  randomData,
  readableOf,
  readObject,
  startHarness,
  TEST_DIALECT,
} from './helpers.js'

const PART = 1024
const limits = { minPartSize: PART }
let h: Harness

beforeAll(async () => {
  h = await startHarness({ minPartSize: PART })
})
afterAll(() => h.close())

const md5 = (data: Uint8Array): string => createHash('md5').update(data).digest('hex')

/** The completed object's ETag in the dialect under test; S3's computed here, independently. */
function expectedMultipartEtag(partEtags: readonly string[]): string {
  if (TEST_DIALECT === 'jss') return multipartEtag(partEtags)
  const hash = createHash('md5')
  for (const etag of partEtags) hash.update(Buffer.from(etag, 'hex'))
  return `${hash.digest('hex')}-${partEtags.length}`
}

describe('uploadStream round trips', () => {
  for (const size of [0, 1, PART - 1, PART, PART + 1, 5 * PART + 17]) {
    it(`stores ${size} bytes byte-identical`, async () => {
      const data = randomData(size)
      const key = `round/${size}`
      const before = { ...h.server.counters.operations }
      const requestsBefore = h.server.counters.requests
      const result = await uploadStream({
        client: h.client,
        bucket: BUCKET,
        key,
        body: readableOf(data),
        partSize: PART,
        limits,
        sha256: true,
      })
      const requests = h.server.counters.requests - requestsBefore
      expectSameBytes(await readObject(h.client, key), data)
      expect(result.size).toBe(size)
      expect(result.sha256).toBe(createHash('sha256').update(data).digest('hex'))
      const ops = h.server.counters.operations
      const delta = (op: string): number => (ops[op] ?? 0) - (before[op] ?? 0)
      if (size < PART) {
        expect(result.parts).toEqual([])
        expect(result.etag).toBe(md5(data))
        expect(delta('putObject')).toBe(1)
        expect(delta('initiateMultipartUpload')).toBe(0)
        expect(requests).toBe(1)
      } else {
        const partCount = Math.ceil(size / PART)
        expect(result.parts.map((p) => p.partNumber)).toEqual(
          Array.from({ length: partCount }, (_, i) => i + 1),
        )
        expect(result.etag).toBe(expectedMultipartEtag(result.parts.map((p) => p.etag)))
        expect(delta('initiateMultipartUpload')).toBe(1)
        expect(delta('uploadPart')).toBe(partCount)
        expect(delta('completeMultipartUpload')).toBe(1)
        expect(delta('putObject')).toBe(0)
        expect(requests).toBe(partCount + 2)
      }
    })
  }

  it('round-trips random sizes and chunkings', async () => {
    let run = 0
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 12 * PART }),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 4 }),
        async (size, chunkSize, concurrency) => {
          const data = randomData(size)
          const key = `random/${run++}`
          const result = await uploadStream({
            client: h.client,
            bucket: BUCKET,
            key,
            body: readableOf(data, chunkSize),
            partSize: PART,
            concurrency,
            limits,
          })
          expect(result.size).toBe(size)
          expectSameBytes(await readObject(h.client, key), data)
        },
      ),
      { seed: 20_261_122, numRuns: 15 },
    )
  })
})

describe('uploadStream bodies besides a Readable', () => {
  const size = 3 * PART + 5
  const cases: Record<string, (data: Buffer) => ByteSource> = {
    'an async generator': (data) =>
      (async function* () {
        for (let at = 0; at < data.length; at += 300) yield data.subarray(at, at + 300)
      })(),
    'a web ReadableStream': (data) => {
      let at = 0
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= data.length) return controller.close()
          controller.enqueue(data.subarray(at, at + 500))
          at += 500
        },
      })
    },
    'Blob.stream()': (data) => new Blob([new Uint8Array(data)]).stream(),
  }
  for (const [name, source] of Object.entries(cases)) {
    it(`stores ${name} byte-identical`, async () => {
      const data = randomData(size)
      const key = `bodies/${name}`
      const result = await uploadStream({
        client: h.client,
        bucket: BUCKET,
        key,
        body: source(data),
        partSize: PART,
        limits,
        sha256: true,
      })
      expectSameBytes(await readObject(h.client, key), data)
      expect(result.size).toBe(size)
      expect(result.parts).toHaveLength(4)
      expect(result.sha256).toBe(createHash('sha256').update(data).digest('hex'))
    })
  }
})
