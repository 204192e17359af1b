import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHashPool } from '../hashing/hash-pool.js'
import { createBlockPool } from '../memory/block-pool.js'
import type { ReadPart } from './part.js'
import { pumpParts } from './pump-parts.js'
import type { ReadPartsOptions } from './read-parts.js'

let dir = ''
let spools = 0
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jss-stream-pump-parts-'))
})
const hashes = createHashPool({ size: 2 })
afterAll(async () => {
  await hashes.destroy()
  await rm(dir, { recursive: true, force: true })
})
const openSpool = (path: string) => hashes.openSpool(path)
const spoolPath = async (): Promise<string> => join(dir, `spool-${++spools}`)

/** A Readable of `chunks`: pushed all at once in `read()`, or one per macrotask. */
function source(chunks: readonly (Uint8Array | string)[], async = false): Readable {
  let next = 0
  return new Readable({
    read() {
      const push = (): boolean => {
        if (next > chunks.length) return false
        const chunk = next < chunks.length ? chunks[next]! : null
        next++
        return this.push(chunk) && chunk !== null
      }
      if (async) setImmediate(push)
      else while (push()) {}
    },
  })
}

/** The bytes of a part, read back from its blocks or its spool file. */
async function bytesOf(part: ReadPart): Promise<Buffer> {
  return part.kind === 'spool' ? readFile(part.path) : Buffer.concat(part.body as Uint8Array[])
}

function options(
  pool: ReturnType<typeof createBlockPool>,
  sizeAt: (n: number) => number,
  more: Partial<ReadPartsOptions> = {},
): ReadPartsOptions {
  return { pool, plannedSize: (s) => sizeAt(s.partNumber), spoolPath, openSpool, ...more }
}

describe('pumpParts', () => {
  it('cuts a stream into parts at their planned sizes, in blocks or spool files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 0, maxLength: 40 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        async (chunks, blockSize, capacity, async) => {
          const pool = createBlockPool({ blockSize, capacity })
          const sizeAt = (n: number): number => 5 * n
          let bytes = 0
          const out: Buffer[] = []
          const parts = pumpParts(
            source(chunks, async),
            options(pool, sizeAt, {
              onBytes: (n) => {
                bytes += n
              },
            }),
          )
          let expectedNumber = 1
          for await (const part of parts) {
            expect(part.partNumber).toBe(expectedNumber++)
            const spooled = sizeAt(part.partNumber) > blockSize * capacity
            expect(part.kind === 'spool').toBe(spooled)
            const data = await bytesOf(part)
            expect(data.byteLength).toBe(part.size)
            expect(part.kind === 'spool' ? part.md5 : undefined).toBe(
              spooled ? createHash('md5').update(data).digest('hex') : undefined,
            )
            if (!part.final) expect(part.size).toBe(sizeAt(part.partNumber))
            out.push(data)
            await part.release()
            if (part.kind === 'spool') expect(existsSync(part.path)).toBe(false)
            expect(pool.heldBytes).toBe(0)
          }
          const all = Buffer.concat(chunks)
          expect(Buffer.concat(out)).toEqual(all)
          expect(bytes).toBe(all.byteLength)
          expect(pool.peakHeldBytes).toBeLessThanOrEqual(blockSize * capacity)
        },
      ),
      { seed: 11, numRuns: 150 },
    )
  })

  it('marks the last part final, unless the stream ends on a part boundary', async () => {
    const pool = createBlockPool({ blockSize: 4, capacity: 4 })
    const read = async (length: number): Promise<[number, boolean][]> => {
      const out: [number, boolean][] = []
      for await (const part of pumpParts(
        source([Buffer.alloc(length)]),
        options(pool, () => 8),
      )) {
        out.push([part.size, part.final])
        await part.release()
      }
      return out
    }
    expect(await read(20)).toEqual([
      [8, false],
      [8, false],
      [4, true],
    ])
    expect(await read(16)).toEqual([
      [8, false],
      [8, false],
    ])
    expect(await read(0)).toEqual([])
  })

  it('reads no further than the part the consumer has not taken', async () => {
    const pool = createBlockPool({ blockSize: 4, capacity: 4 })
    const stream = source(Array.from({ length: 100 }, () => Buffer.alloc(4, 1)))
    let bytes = 0
    const parts = pumpParts(
      stream,
      options(pool, () => 8, {
        onBytes: (n) => {
          bytes += n
        },
      }),
    )
    const first = await parts.next()
    expect(first.done).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 20))
    // the first part is gathered, and not a byte more: the stream waits (its own buffer aside)
    expect(bytes).toBe(8)
    expect(pool.heldBytes).toBe(8)
    await parts.return()
    expect(stream.destroyed).toBe(true)
  })

  it('takes strings as UTF-8 and refuses chunks that are not bytes', async () => {
    const pool = createBlockPool({ blockSize: 4, capacity: 4 })
    const parts: Buffer[] = []
    for await (const part of pumpParts(
      source(['héllo']),
      options(pool, () => 16),
    )) {
      parts.push(await bytesOf(part))
      await part.release()
    }
    expect(Buffer.concat(parts).toString()).toBe('héllo')

    const objects = Readable.from([Buffer.alloc(3), { not: 'bytes' }])
    const failing = pumpParts(
      objects,
      options(pool, () => 16),
    )
    await expect(failing.next()).rejects.toMatchObject({ code: 'JSS_ERR_INVALID_OPTION' })
    expect(objects.destroyed).toBe(true)
    expect(pool.heldBytes).toBe(0)
  })

  it("fails with the stream's error and gives back the blocks of the unfinished part", async () => {
    const pool = createBlockPool({ blockSize: 4, capacity: 8 })
    const stream = new PassThrough()
    const parts = pumpParts(
      stream,
      options(pool, () => 16),
    )
    const next = parts.next()
    stream.write(Buffer.alloc(6))
    setTimeout(() => stream.destroy(new Error('source broke')), 10)
    await expect(next).rejects.toThrow('source broke')
    expect(pool.heldBytes).toBe(0)
  })

  it('fails when the stream is destroyed before its end, never ending quietly', async () => {
    const pool = createBlockPool({ blockSize: 4, capacity: 8 })
    const stream = new PassThrough()
    const parts = pumpParts(
      stream,
      options(pool, () => 16),
    )
    const next = parts.next()
    stream.write(Buffer.alloc(6))
    setTimeout(() => stream.destroy(), 10)
    await expect(next).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' })
    expect(pool.heldBytes).toBe(0)
  })

  it('rejects with signal.reason while the stream is silent, and destroys it', async () => {
    const pool = createBlockPool({ blockSize: 4, capacity: 8 })
    const stream = new PassThrough()
    const controller = new AbortController()
    const parts = pumpParts(
      stream,
      options(pool, () => 16, { signal: controller.signal }),
    )
    const next = parts.next()
    stream.write(Buffer.alloc(6))
    const reason = new Error('stop')
    setTimeout(() => controller.abort(reason), 10)
    await expect(next).rejects.toBe(reason)
    expect(stream.destroyed).toBe(true)
    expect(pool.heldBytes).toBe(0)
  })

  it('rejects with signal.reason while a part waits for memory', async () => {
    const pool = createBlockPool({ blockSize: 4, capacity: 2 })
    const taken = [pool.tryAcquire()!, pool.tryAcquire()!]
    const controller = new AbortController()
    const parts = pumpParts(
      source([Buffer.alloc(8)]),
      options(pool, () => 8, { signal: controller.signal }),
    )
    const next = parts.next()
    const reason = new Error('stop')
    setTimeout(() => controller.abort(reason), 10)
    await expect(next).rejects.toBe(reason)
    for (const block of taken) pool.release(block)
    expect(pool.heldBytes).toBe(0)
  })

  it('fails with what onBytes throws, in the middle of a flowing stream', async () => {
    const pool = createBlockPool({ blockSize: 4, capacity: 8 })
    const stream = source(Array.from({ length: 50 }, () => Buffer.alloc(2)))
    const limit = new Error('too many bytes')
    let bytes = 0
    const parts = pumpParts(
      stream,
      options(pool, () => 16, {
        onBytes: (n) => {
          bytes += n
          if (bytes > 20) throw limit
        },
      }),
    )
    await expect(
      (async () => {
        for await (const part of parts) await part.release()
      })(),
    ).rejects.toBe(limit)
    expect(stream.destroyed).toBe(true)
    expect(pool.heldBytes).toBe(0)
  })

  it('removes the spool file of an unfinished part', async () => {
    const pool = createBlockPool({ blockSize: 4, capacity: 1 })
    let path = ''
    const stream = new PassThrough()
    const parts = pumpParts(
      stream,
      options(pool, () => 16, {
        spoolPath: async () => {
          path = await spoolPath()
          return path
        },
      }),
    )
    const next = parts.next()
    stream.write(Buffer.alloc(6))
    setTimeout(() => stream.destroy(new Error('source broke')), 20)
    await expect(next).rejects.toThrow('source broke')
    expect(path).not.toBe('')
    expect(existsSync(path)).toBe(false)
  })
})
