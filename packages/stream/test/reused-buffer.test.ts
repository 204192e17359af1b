import { createHash, randomFillSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uploadStream } from '../src/index.js'
import { BUCKET, expectSameBytes, type Harness, readObject, startHarness } from './helpers.js'

const KiB = 1024
const MiB = 1024 * KiB
const PART = 256 * KiB
const limits = { minPartSize: PART }

let h: Harness
beforeAll(async () => {
  h = await startHarness({ minPartSize: PART })
})
afterAll(() => h.close())

/**
 * A source that owns ONE buffer and refills it with fresh random bytes every time it is asked for
 * the next chunk — what the documented contract allows: the chunk handed out before is overwritten
 * as soon as `next()` is called. `sent` collects copies of what was handed out, in order.
 */
function reusingSource(
  bufferSize: number,
  lengths: readonly number[],
  sent: Uint8Array[],
): AsyncIterable<Uint8Array> {
  const buffer = new Uint8Array(bufferSize)
  return {
    async *[Symbol.asyncIterator]() {
      for (const length of lengths) {
        randomFillSync(buffer)
        const chunk = buffer.subarray(0, length)
        sent.push(Uint8Array.from(chunk))
        yield chunk
      }
      // the last chunk is overwritten too once the stream is asked for more
      randomFillSync(buffer)
    },
  }
}

const cases = [
  // 1 MiB chunks cut into 256 KiB parts: part boundaries inside chunks
  { name: 'pooled parts', lengths: [MiB, MiB, MiB, MiB, MiB, 333 * KiB], partSize: PART },
  // odd chunk sizes straddling parts of 768 KiB
  { name: 'odd chunks', lengths: [MiB, 1, 700 * KiB, MiB, 513 * KiB, MiB, 3], partSize: 3 * PART },
  // parts larger than the memory budget are spooled to disk
  {
    name: 'spooled parts',
    lengths: [MiB, MiB, MiB, MiB, 77 * KiB],
    partSize: 2 * MiB,
    memoryLimit: 512 * KiB,
  },
  // a stream that ends inside the first part is one PUT
  { name: 'a single PUT', lengths: [MiB, MiB, 5], partSize: 4 * MiB },
] as const

describe('a source that reuses its buffer after next()', () => {
  for (const { name, lengths, partSize, ...rest } of cases) {
    it(`round-trips byte-identical (${name})`, async () => {
      const sent: Uint8Array[] = []
      const key = `reused/${name.replaceAll(' ', '-')}`
      const result = await uploadStream({
        client: h.client,
        bucket: BUCKET,
        key,
        body: reusingSource(MiB, lengths, sent),
        partSize,
        limits,
        concurrency: 3,
        sha256: true,
        ...rest,
      })
      const expected = Buffer.concat(sent)
      expect(expected.byteLength).toBe(lengths.reduce((a, b) => a + b, 0))
      expectSameBytes(await readObject(h.client, key), expected)
      expect(result.size).toBe(expected.byteLength)
      expect(result.sha256).toBe(createHash('sha256').update(expected).digest('hex'))
    })
  }

  it('round-trips byte-identical with `parts` (each element one whole part)', async () => {
    const sent: Uint8Array[] = []
    const key = 'reused/parts'
    const result = await uploadStream({
      client: h.client,
      bucket: BUCKET,
      key,
      parts: reusingSource(MiB, [MiB, 300 * KiB, MiB, 5 * KiB], sent),
      limits,
      concurrency: 2,
      memoryLimit: 3 * MiB,
    })
    const expected = Buffer.concat(sent)
    expectSameBytes(await readObject(h.client, key), expected)
    expect(result.parts.map((p) => p.size)).toEqual([MiB, 300 * KiB, MiB, 5 * KiB])
  })
})
