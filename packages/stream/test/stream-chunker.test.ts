import { createRequire } from 'node:module'
import type { Transform } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PartSizeError, uploadStream } from '../src/index.js'
import {
  BUCKET,
  expectSameBytes,
  type Harness,
  randomData,
  readableOf,
  readObject,
  startHarness,
} from './helpers.js'

type Chunker = (size: number, options?: { flush?: boolean }) => Transform
const chunker = createRequire(import.meta.url)('stream-chunker') as Chunker

const PART = 1024
let h: Harness

beforeAll(async () => {
  h = await startHarness({ minPartSize: PART })
})
afterAll(() => h.close())

describe('input already cut into parts', () => {
  it('uploads what stream-chunker cuts, one element per part', async () => {
    const data = randomData(7 * PART + 300)
    const parts = readableOf(data, 333).pipe(chunker(2 * PART, { flush: true }))
    const result = await uploadStream({
      client: h.client,
      bucket: BUCKET,
      key: 'chunked',
      parts,
      limits: { minPartSize: PART },
    })
    expectSameBytes(await readObject(h.client, 'chunked'), data)
    expect(result.parts.map((p) => p.size)).toEqual([2048, 2048, 2048, 1024 + 300])
  })

  it('refuses a part under the minimum that is not the last', async () => {
    async function* parts(): AsyncGenerator<Uint8Array> {
      yield randomData(10)
      yield randomData(PART)
    }
    await expect(
      uploadStream({
        client: h.client,
        bucket: BUCKET,
        key: 'small-part',
        parts: parts(),
        limits: { minPartSize: PART },
      }),
    ).rejects.toBeInstanceOf(PartSizeError)
  })
})
