import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHashPool } from '../hashing/hash-pool.js'
import { splitStream } from '../input/split-stream.js'
import { createBlockPool } from '../memory/block-pool.js'
import { readParts } from './read-parts.js'

let dir = ''
let spools = 0
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jss-stream-read-parts-'))
})
const hashes = createHashPool({ size: 2 })
afterAll(async () => {
  await hashes.destroy()
  await rm(dir, { recursive: true, force: true })
})
const openSpool = (path: string) => hashes.openSpool(path)
const spoolPath = async (): Promise<string> => join(dir, `spool-${++spools}`)

async function* fromArray(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks
}

describe('readParts', () => {
  it('reassembles the stream in pooled blocks and spool files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 40 }), { maxLength: 10 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 6 }),
        async (chunks, blockSize, capacity) => {
          const pool = createBlockPool({ blockSize, capacity })
          const sizeAt = (n: number): number => 5 * n
          let bytes = 0
          const out: Buffer[] = []
          const parts = readParts(splitStream(fromArray(chunks), { sizeAt }), {
            pool,
            plannedSize: (s) => sizeAt(s.partNumber),
            spoolPath,
            openSpool,
            onBytes: (n) => {
              bytes += n
            },
          })
          let expectedNumber = 1
          for await (const part of parts) {
            expect(part.partNumber).toBe(expectedNumber++)
            const spooled = sizeAt(part.partNumber) > blockSize * capacity
            expect(part.kind === 'spool').toBe(spooled)
            const data =
              part.kind === 'spool'
                ? await readFile(part.path)
                : Buffer.concat(part.body as Uint8Array[])
            expect(data.byteLength).toBe(part.size)
            // a spooled part was hashed as it was written; one in memory is hashed later
            expect(part.kind === 'spool' ? part.md5 : undefined).toBe(
              spooled ? createHash('md5').update(data).digest('hex') : undefined,
            )
            if (!part.final) expect(part.size).toBe(sizeAt(part.partNumber))
            out.push(data)
            await part.release()
            if (part.kind === 'spool') expect(existsSync(part.path)).toBe(false)
            expect(pool.heldBytes).toBe(0)
          }
          expect(Buffer.concat(out)).toEqual(Buffer.concat(chunks))
          expect(bytes).toBe(Buffer.concat(chunks).byteLength)
          expect(pool.peakHeldBytes).toBeLessThanOrEqual(blockSize * capacity)
        },
      ),
      { seed: 9, numRuns: 150 },
    )
  })

  it('returns the blocks of an unfinished part when the consumer stops', async () => {
    const pool = createBlockPool({ blockSize: 4, capacity: 8 })
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(6)
      throw new Error('source broke')
    }
    const parts = readParts(splitStream(failing(), { sizeAt: () => 16 }), {
      pool,
      plannedSize: () => 16,
      spoolPath,
      openSpool,
    })
    await expect(parts.next()).rejects.toThrow('source broke')
    expect(pool.heldBytes).toBe(0)
  })

  it('removes the spool file of an unfinished part', async () => {
    const pool = createBlockPool({ blockSize: 4, capacity: 1 })
    let path = ''
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(6)
      throw new Error('source broke')
    }
    const parts = readParts(splitStream(failing(), { sizeAt: () => 16 }), {
      pool,
      plannedSize: () => 16,
      spoolPath: async () => {
        path = await spoolPath()
        return path
      },
      openSpool,
    })
    await expect(parts.next()).rejects.toThrow('source broke')
    expect(path).not.toBe('')
    expect(existsSync(path)).toBe(false)
  })
})
