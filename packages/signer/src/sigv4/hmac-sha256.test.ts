import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { fromHex, hmacSha256, sha256Hex, toHex } from './hmac-sha256.js'

describe('hmac-sha256', () => {
  it('hashes like node:crypto', async () => {
    expect(await sha256Hex('')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    )
    expect(await sha256Hex('Welcome to Amazon S3.')).toBe(
      createHash('sha256').update('Welcome to Amazon S3.').digest('hex'),
    )
    expect(await sha256Hex(new Uint8Array([0, 255]))).toBe(
      createHash('sha256')
        .update(Buffer.from([0, 255]))
        .digest('hex'),
    )
  })

  it('computes HMAC-SHA256 like node:crypto', async () => {
    const key = new TextEncoder().encode('key')
    expect(toHex(await hmacSha256(key, 'ሴ data'))).toBe(
      createHmac('sha256', 'key').update('ሴ data').digest('hex'),
    )
  })

  it('round-trips hex, refusing anything else', () => {
    expect(toHex(fromHex('00ffA1')!)).toBe('00ffa1')
    expect(fromHex('abc')).toBeUndefined()
    expect(fromHex('zz')).toBeUndefined()
  })
})
