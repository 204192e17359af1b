import { describe, expect, it } from 'vitest'
import { checkRegion } from './check-region.js'

describe('checkRegion', () => {
  it('defaults to us-east-1 and keeps a valid region', () => {
    expect(checkRegion(undefined)).toBe('us-east-1')
    expect(checkRegion('cn-north-1')).toBe('cn-north-1')
    // the signer's rule: what it signs, the server takes
    expect(checkRegion('eu.local_1')).toBe('eu.local_1')
  })
  it('refuses what cannot be a credential-scope part', () => {
    for (const bad of ['', 'us east', 'a/b', 'x'.repeat(65), 42]) {
      expect(() => checkRegion(bad)).toThrow(
        expect.objectContaining({ code: 'JSS_ERR_INVALID_OPTION' }),
      )
    }
  })
})
