import { describe, expect, it } from 'vitest'
import { decodeBase64, encodeBase64 } from './base64.js'

describe('base64', () => {
  it('encodes with padding', () => {
    const bytes = new TextEncoder().encode('any carnal pleas')
    expect(encodeBase64(bytes)).toBe('YW55IGNhcm5hbCBwbGVhcw==')
    expect(encodeBase64(new Uint8Array([0xfb, 0xff]))).toBe('+/8=')
    expect(encodeBase64(new Uint8Array())).toBe('')
  })

  it('decodes canonical base64 only', () => {
    expect([...(decodeBase64('+/8=') ?? [])]).toEqual([0xfb, 0xff])
    expect(decodeBase64('+/8')).toBeUndefined()
    expect(decodeBase64(' +/8=')).toBeUndefined()
    expect(decodeBase64('-_8=')).toBeUndefined()
  })
})
