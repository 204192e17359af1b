import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryGauge } from '../memory/memory-gauge.js'
import { readSpool } from './read-spool.js'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jss-stream-read-spool-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('readSpool', () => {
  it('reads the first `size` bytes in chunks, into at most two buffers', async () => {
    const data = randomBytes(5000)
    const path = join(dir, 'spool')
    await writeFile(path, data)
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 2000 }),
        async (size, chunkSize) => {
          const gauge = createMemoryGauge()
          const copies: Buffer[] = []
          let previous: { chunk: Uint8Array; copy: Buffer } | undefined
          for await (const chunk of readSpool(path, { size, chunkSize, gauge })) {
            expect(chunk.byteLength).toBeLessThanOrEqual(chunkSize)
            // one chunk of slack: the chunk before this one is still intact
            if (previous) expect(Buffer.from(previous.chunk).equals(previous.copy)).toBe(true)
            const copy = Buffer.from(chunk)
            copies.push(copy)
            previous = { chunk, copy }
            expect(gauge.bytes).toBeLessThanOrEqual(2 * Math.min(chunkSize, size))
          }
          expect(Buffer.compare(Buffer.concat(copies), data.subarray(0, size))).toBe(0)
          expect(gauge.bytes).toBe(0)
          expect(gauge.peak).toBeLessThanOrEqual(2 * chunkSize)
        },
      ),
      { seed: 4, numRuns: 60 },
    )
  })

  it('reads one chunk ahead into a third buffer, keeping the chunk before intact', async () => {
    const data = randomBytes(5000)
    const path = join(dir, 'ahead')
    await writeFile(path, data)
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 2000 }),
        async (size, chunkSize) => {
          const gauge = createMemoryGauge()
          const buffers: Uint8Array[] = []
          const copies: Buffer[] = []
          let previous: { chunk: Uint8Array; copy: Buffer } | undefined
          let index = 0
          for await (const chunk of readSpool(path, {
            size,
            chunkSize,
            gauge,
            buffers,
            readAhead: 1,
          })) {
            expect(chunk.byteLength).toBeLessThanOrEqual(chunkSize)
            if (previous) expect(Buffer.from(previous.chunk).equals(previous.copy)).toBe(true)
            // the next chunk is being read already, into a buffer of its own
            const rest = size - (index * chunkSize + chunk.byteLength)
            if (rest > 0) expect(buffers.length).toBeGreaterThanOrEqual(Math.min(index + 2, 3))
            const copy = Buffer.from(chunk)
            copies.push(copy)
            previous = { chunk, copy }
            index++
          }
          expect(buffers.length).toBeLessThanOrEqual(3)
          expect(Buffer.compare(Buffer.concat(copies), data.subarray(0, size))).toBe(0)
          expect(gauge.bytes).toBe(0)
          expect(gauge.peak).toBeLessThanOrEqual(3 * chunkSize)
        },
      ),
      { seed: 5, numRuns: 60 },
    )
  })

  it('settles the read ahead before it returns when left early', async () => {
    const path = join(dir, 'ahead-left')
    await writeFile(path, randomBytes(1000))
    const gauge = createMemoryGauge()
    const buffers: Uint8Array[] = []
    for await (const _ of readSpool(path, {
      size: 1000,
      chunkSize: 100,
      gauge,
      buffers,
      readAhead: 1,
    })) {
      break
    }
    expect(buffers).toHaveLength(2)
    expect(gauge.bytes).toBe(0)
  })

  it('ends early on a shorter file and releases its chunk when left early', async () => {
    const path = join(dir, 'short')
    await writeFile(path, randomBytes(100))
    let total = 0
    for await (const chunk of readSpool(path, { size: 1000, chunkSize: 64 })) total += chunk.length
    expect(total).toBe(100)
    const gauge = createMemoryGauge()
    for await (const _ of readSpool(path, { size: 100, chunkSize: 10, gauge })) break
    expect(gauge.bytes).toBe(0)
  })
})
