import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { maskSecret } from './mask-secret.js'

describe('maskSecret', () => {
  it('shows only the last 4 characters, and none of a short secret', () => {
    expect(maskSecret('wJalrXUtnFEMIK7MDENG')).toBe('****DENG')
    expect(maskSecret('1234567')).toBe('****')
    expect(maskSecret('12345678')).toBe('****5678')
  })

  it('never shows more than 4 characters of the secret', () => {
    fc.assert(
      fc.property(fc.string(), (secret) => {
        const masked = maskSecret(secret)
        expect(masked.startsWith('****')).toBe(true)
        expect(masked.length).toBeLessThanOrEqual(8)
      }),
    )
  })
})
