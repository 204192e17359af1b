import { describe, expect, it } from 'vitest'
import { InvalidArgumentError } from '../errors.js'
import { hmacSha256, subtle, toBytes, toHex } from './hmac-sha256.js'
import { deriveSigningKey, importSigningKey } from './signing-key.js'

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

describe('importSigningKey', () => {
  /** HMAC of `text` under the imported (and cached) key, hex. */
  const signWith = async (scope: [string, string, string, string], text: string) =>
    toHex(
      new Uint8Array(await subtle().sign('HMAC', await importSigningKey(...scope), toBytes(text))),
    )

  it('is the derived key of each scope, whatever order the scopes come in (keys are cached)', async () => {
    const scopes: [string, string, string, string][] = [
      ['secret', '20120215', 'us-east-1', 'iam'],
      ['secret', '20120215', 'us-east-1', 's3'],
      ['secret', '20120216', 'us-east-1', 'iam'],
      ['other', '20120215', 'us-east-1', 'iam'],
      // fields that would run together if the cache joined them plainly
      ['secret', '20120215', 'us-east-1\ns3', 'iam'],
      ['secret', '20120215', 'us-east-1', 's3\niam'],
      ['secret', '20120215', 'us-east-1', 'iam'],
    ]
    for (const scope of scopes) {
      const expected = toHex(await hmacSha256(await deriveSigningKey(...scope), 'payload'))
      expect(await signWith(scope, 'payload')).toBe(expected)
    }
  })

  it('refuses an empty secret, every time (a failure is not cached)', async () => {
    for (let i = 0; i < 2; i++) {
      await expect(importSigningKey('', '20120215', 'us-east-1', 'iam')).rejects.toThrow(
        InvalidArgumentError,
      )
    }
  })
})
