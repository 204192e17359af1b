import { describe, expect, it } from 'vitest'
import { encodeKey } from './encode-key.js'
import { InvalidArgumentError } from './errors.js'

describe('encodeKey', () => {
  it('keeps unreserved characters and slashes', () => {
    expect(encodeKey('a/b-c_d.e~f')).toBe('a/b-c_d.e~f')
  })
  it('encodes spaces, reserved characters and UTF-8', () => {
    expect(encodeKey("dir/ü %+'.bin")).toBe('dir/%C3%BC%20%25%2B%27.bin')
  })
  it('rejects lone surrogates with a typed error', () => {
    expect(() => encodeKey('a\ud800b')).toThrow(InvalidArgumentError)
  })
})
