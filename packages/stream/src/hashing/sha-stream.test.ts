import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createHashPool } from './hash-pool.js'

const sha = (...chunks: Uint8Array[]): string => {
  const hash = createHash('sha256')
  for (const chunk of chunks) hash.update(chunk)
  return hash.digest('hex')
}

describe('HashPool.openSha256', () => {
  it('keeps each stream apart from the others and from the pool’s own SHA-256', async () => {
    const pool = createHashPool({ size: 1 })
    try {
      const a = pool.openSha256()
      const b = pool.openSha256()
      const x = new TextEncoder().encode('abc')
      const y = new TextEncoder().encode('defgh')
      const shared = new Uint8Array(new SharedArrayBuffer(8)).fill(7)
      await Promise.all([a.update([x]), b.update([y]), pool.sha256Update([y]), a.update([shared])])
      await b.update([x])
      expect(await a.digest()).toBe(sha(x, shared))
      expect(await b.digest()).toBe(sha(y, x))
      expect(await pool.sha256Digest()).toBe(sha(y))
      // a spent stream starts again from nothing
      expect(await a.digest()).toBe(sha())
    } finally {
      await pool.destroy()
    }
  })
})
