import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { getPriority, tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { createBlockPool } from '../memory/block-pool.js'
import { slabMemoryOf } from '../memory/slab-memory.js'
import { createHashPool } from './hash-pool.js'

const pool = createHashPool({ size: 2 })
afterAll(() => pool.destroy())

const md5 = (data: Uint8Array): string => createHash('md5').update(data).digest('hex')

const shared = (data: Uint8Array): Uint8Array => {
  const view = new Uint8Array(new SharedArrayBuffer(data.byteLength + 3), 3, data.byteLength)
  view.set(data)
  return view
}

const randomBlock = (): Uint8Array => randomBytes(64)

describe('createHashPool', () => {
  it('hashes chunks of shared memory in place, in parallel', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 5 }),
        async (chunks) => {
          const whole = Buffer.concat(chunks)
          const [a, b] = await Promise.all([pool.md5(chunks.map(shared)), pool.md5(chunks)])
          expect(a).toBe(md5(whole))
          expect(b).toBe(md5(whole))
        },
      ),
      { seed: 5, numRuns: 50 },
    )
  })

  it('reads blocks of one shared slab in place, as they are now, across requests and workers', async () => {
    const slab = new SharedArrayBuffer(8 * 64)
    const block = (i: number): Uint8Array => new Uint8Array(slab, i * 64, 64)
    for (let round = 0; round < 5; round++) {
      // refill the slab: the workers were given it earlier, and must see the new bytes
      for (let i = 0; i < 8; i++) block(i).set(randomBlock())
      const parts = [[block(0), block(1)], [block(2)], [block(3).subarray(5, 40), block(4)], []]
      const hashes = await Promise.all(parts.map((chunks) => pool.md5(chunks)))
      expect(hashes).toEqual(parts.map((chunks) => md5(Buffer.concat(chunks))))
      await pool.sha256Update(parts.flat())
      expect(await pool.sha256Digest()).toBe(
        createHash('sha256').update(Buffer.concat(parts.flat())).digest('hex'),
      )
    }
  })

  it('hashes blocks of a block pool in its slab memories, with plain chunks, in both workers', async () => {
    // two slabs of three blocks (of a size that is no multiple of 64), each a WebAssembly.Memory
    const blocks = createBlockPool({ blockSize: 400_003, capacity: 6, maxSlabBytes: 1_300_000 })
    const held = await blocks.reserve(6)
    expect(held.every((block) => slabMemoryOf(block.buffer as SharedArrayBuffer))).toBe(true)
    expect(new Set(held.map((block) => block.buffer)).size).toBe(2)
    for (let round = 0; round < 3; round++) {
      for (const block of held) block.set(randomBytes(block.byteLength))
      const [a, b, c, d, e, f] = held as [Uint8Array, ...Uint8Array[]]
      const parts = [
        [a, b!],
        [c!, d!], // across the two slabs
        [e!.subarray(1, 300_001), randomBytes(777), f!],
        [f!.subarray(64 * 1000)],
        [randomBytes(5)],
      ]
      const hashes = await Promise.all(parts.map((chunks) => pool.md5(chunks)))
      expect(hashes).toEqual(parts.map((chunks) => md5(Buffer.concat(chunks))))
    }
  })

  it('keeps running MD5s of pieces fed in order, several at once, without a file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }), {
          minLength: 1,
          maxLength: 4,
        }),
        async (parts) => {
          const sessions = parts.map(() => pool.openMd5())
          const writes = parts.flatMap((pieces, i) =>
            pieces.map((piece) => sessions[i]?.write([piece])),
          )
          await Promise.all(writes)
          const digests = await Promise.all(sessions.map((session) => session.finish()))
          expect(digests).toEqual(parts.map((pieces) => md5(Buffer.concat(pieces))))
        },
      ),
      { numRuns: 30 },
    )
  })

  it('keeps a running SHA-256 across updates and files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jss-stream-hash-'))
    try {
      const path = join(dir, 'part')
      await writeFile(path, 'file part')
      await pool.sha256Update([new TextEncoder().encode('abc')])
      await pool.sha256UpdateFile(path)
      const expected = createHash('sha256').update('abcfile part').digest('hex')
      expect(await pool.sha256Digest()).toBe(expected)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('writes a spool file and hashes it as it writes, from shared blocks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jss-stream-spool-'))
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 3 }), { maxLength: 6 }),
          async (writes) => {
            const path = join(dir, `spool-${Math.random().toString(36).slice(2)}`)
            const spool = pool.openSpool(path)
            await Promise.all(writes.map((chunks) => spool.write(chunks.map(shared))))
            const whole = Buffer.concat(writes.flat())
            expect(await spool.finish()).toBe(md5(whole))
            expect(Buffer.compare(await readFile(path), whole)).toBe(0)
            await rm(path)
          },
        ),
        { seed: 13, numRuns: 40 },
      )
      // an existing path is refused (the spool is created exclusively), with a coded error
      const taken = join(dir, 'taken')
      await writeFile(taken, 'x')
      const spool = pool.openSpool(taken)
      await expect(spool.write([new Uint8Array(1)])).rejects.toMatchObject({
        code: 'JSS_ERR_HASH_WORKER',
      })
      await spool.discard()
      expect(await readFile(taken, 'utf8')).toBe('x')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('rejects a missing file with a coded error', async () => {
    await expect(pool.sha256UpdateFile('/nonexistent/jss-stream')).rejects.toMatchObject({
      code: 'JSS_ERR_HASH_WORKER',
    })
  })

  it("lowers its workers' priority by `nice` on Linux, and hashes all the same", async () => {
    const niceOfThreads = async (): Promise<number[]> => {
      if (process.platform !== 'linux') return []
      const tids = await readdir('/proc/self/task')
      const stats = await Promise.all(
        tids.map((tid) => readFile(`/proc/self/task/${tid}/stat`, 'utf8').catch(() => '')),
      )
      // the fields after the parenthesised name start at field 3; the nice value is field 19
      return stats
        .filter(Boolean)
        .map((stat) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]))
    }
    const base = getPriority(0)
    const lowered = Math.min(19, base + 3)
    const before = (await niceOfThreads()).filter((n) => n === lowered).length
    const niced = createHashPool({ size: 1, nice: 3 })
    try {
      expect(await niced.md5([shared(Buffer.from('nice'))])).toBe(md5(Buffer.from('nice')))
      const after = (await niceOfThreads()).filter((n) => n === lowered).length
      if (process.platform === 'linux' && lowered !== base) expect(after).toBe(before + 1)
      else expect(after).toBe(before)
      // the caller's own priority is untouched
      expect(getPriority(0)).toBe(base)
    } finally {
      await niced.destroy()
    }
  })

  it('rejects after destroy', async () => {
    const other = createHashPool({ size: 1 })
    await other.md5([new Uint8Array(1)])
    await other.destroy()
    await expect(other.md5([new Uint8Array(1)])).rejects.toThrow()
  })

  it('prestart brings up one worker before the first request, and is a no-op once destroyed', async () => {
    const threads = (): number =>
      existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : 0
    const own = createHashPool({ size: 2 })
    const before = threads()
    own.prestart()
    own.prestart()
    if (before > 0) await expect.poll(threads).toBe(before + 1)
    const data = randomBytes(1000)
    expect(await own.md5([shared(data)])).toBe(md5(data))
    await own.destroy()
    expect(() => own.prestart()).not.toThrow()
  })
})
