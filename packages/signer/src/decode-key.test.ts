import { describe, expect, it } from 'vitest'
import { decodeKey } from './decode-key.js'
import { InvalidUrlError } from './errors.js'

describe('decodeKey', () => {
  it('decodes percent-encoded UTF-8, keeping "+"', () => {
    expect(decodeKey('dir/%C3%BC%20a+b%2Fc')).toBe('dir/ü a+b/c')
  })

  it('rejects invalid percent-encoding with a typed error', () => {
    expect(() => decodeKey('%ZZ')).toThrow(InvalidUrlError)
    expect(() => decodeKey('%C3')).toThrow(expect.objectContaining({ code: 'JSS_ERR_INVALID_URL' }))
  })
})
