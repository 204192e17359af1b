import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { createHashPool } from './hash-pool.js'

const pool = createHashPool({ size: 2 })
afterAll(() => pool.destroy())

const md5 = (data: Uint8Array): string => createHash('md5').update(data).digest('hex')

const shared = (data: Uint8Array): Uint8Array => {
  const view = new Uint8Array(new SharedArrayBuffer(data.byteLength + 3), 3, data.byteLength)
  view.set(data)
  return view
}

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

  it('keeps a running SHA-256 across updates and files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jss-stream-hash-'))
    try {
      const path = join(dir, 'part')
      await writeFile(path, 'file part')
      await pool.sha256Update([new TextEncoder().encode('abc')])
      await pool.sha256UpdateFile(path)
      const expected = createHash('sha256').update('abcfile part').digest('hex')
      expect(await pool.sha256Digest()).toBe(expected)
      expect(await pool.md5File(path)).toBe(createHash('md5').update('file part').digest('hex'))
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
        code: 'JSS_STREAM_HASH_WORKER',
      })
      await spool.discard()
      expect(await readFile(taken, 'utf8')).toBe('x')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('rejects a missing file with a coded error', async () => {
    await expect(pool.md5File('/nonexistent/jss-stream')).rejects.toMatchObject({
      code: 'JSS_STREAM_HASH_WORKER',
    })
  })

  it('rejects after destroy', async () => {
    const other = createHashPool({ size: 1 })
    await other.md5([new Uint8Array(1)])
    await other.destroy()
    await expect(other.md5([new Uint8Array(1)])).rejects.toThrow()
  })
})
