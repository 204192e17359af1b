import { describe, expect, it } from 'vitest'
import { InvalidArgumentError } from '../errors.js'
import { uriEncode } from './uri-encode.js'

describe('uriEncode', () => {
  it('keeps the unreserved characters only', () => {
    const unreserved = '-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
    expect(uriEncode(unreserved)).toBe(unreserved)
    expect(uriEncode("!'()*+ =&$@")).toBe('%21%27%28%29%2A%2B%20%3D%26%24%40')
  })

  it('encodes UTF-8 bytes in upper-case hex', () => {
    expect(uriEncode('ሴ')).toBe('%E1%88%B4')
    expect(uriEncode('é%')).toBe('%C3%A9%25')
  })

  it('keeps "/" only when asked', () => {
    expect(uriEncode('a/b')).toBe('a%2Fb')
    expect(uriEncode('a/b c', { encodeSlash: false })).toBe('a/b%20c')
  })

  it('refuses a lone surrogate', () => {
    expect(() => uriEncode('\ud800')).toThrow(InvalidArgumentError)
  })
})
