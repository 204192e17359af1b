import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HashPool } from './hash-pool.js'

let dir: string
const pool = new HashPool(2)
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jss-local-hash-pool-'))
})
afterAll(async () => {
  await pool.close()
  await rm(dir, { recursive: true, force: true })
})

/** A body of `data` in chunks of `chunk` bytes, as an HTTP parser hands them over (owned copies). */
function bodyOf(data: Buffer, chunk: number): Readable {
  const chunks: Buffer[] = []
  for (let at = 0; at < data.length; at += chunk)
    chunks.push(Buffer.from(data.subarray(at, at + chunk)))
  return Readable.from(chunks, { objectMode: false })
}

function md5(data: Buffer): string {
  return createHash('md5').update(data).digest('hex')
}

describe('HashPool', () => {
  it('writes and hashes bodies of many batches, more of them at once than it has workers', async () => {
    const datas = [5, 3, 7, 1, 4].map((mib) => randomBytes(mib * 1024 * 1024 + 17))
    const results = await Promise.all(
      datas.map((data, i) => pool.write(bodyOf(data, 65536), join(dir, `body-${i}`))),
    )
    for (const [i, data] of datas.entries()) {
      expect(results[i]).toEqual({ size: data.length, md5: md5(data) })
      expect((await readFile(join(dir, `body-${i}`))).equals(data)).toBe(true)
    }
  })

  it('writes an empty body', async () => {
    const path = join(dir, 'empty')
    expect(await pool.write(Readable.from([]), path)).toEqual({
      size: 0,
      md5: md5(Buffer.alloc(0)),
    })
    expect((await readFile(path)).length).toBe(0)
  })

  it('rejects with the reason when aborted, pausing the body without destroying it', async () => {
    const body = new PassThrough()
    const controller = new AbortController()
    const written = pool.write(body, join(dir, 'aborted'), { signal: controller.signal })
    body.write(randomBytes(1000))
    const reason = new Error('stop')
    controller.abort(reason)
    await expect(written).rejects.toBe(reason)
    expect(body.destroyed).toBe(false)
    expect(body.isPaused()).toBe(true)
  })

  it('rejects with the worker error when the file cannot be opened', async () => {
    const written = pool.write(Readable.from([Buffer.from('x')]), join(dir, 'missing', 'file'), {
      workerError: (message) => new Error(`storage: ${message}`),
    })
    await expect(written).rejects.toThrow(/^storage: .*ENOENT/)
  })
})
