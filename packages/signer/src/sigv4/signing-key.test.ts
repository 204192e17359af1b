import { describe, expect, it } from 'vitest'
import { InvalidArgumentError } from '../errors.js'
import { toHex } from './hmac-sha256.js'
import { deriveSigningKey } from './signing-key.js'

describe('deriveSigningKey', () => {
  it('reproduces the signing key of the AWS documentation example', async () => {
    // AWS General Reference, "Examples of how to derive a signing key for Signature Version 4".
    const key = await deriveSigningKey(
      'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      '20120215',
      'us-east-1',
      'iam',
    )
    expect(toHex(key)).toBe('f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d')
  })

  it('refuses an empty secret', async () => {
    await expect(deriveSigningKey('', '20120215', 'us-east-1', 'iam')).rejects.toThrow(
      InvalidArgumentError,
    )
  })
})
