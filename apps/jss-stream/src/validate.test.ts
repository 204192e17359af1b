import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { UsageError } from './errors.js'
import { validateBucket, validateKey } from './validate.js'

describe('validateBucket', () => {
  it.each(['abc', 'my-bucket', '0day', 'a'.repeat(63), 'a-b-c', '123'])('accepts %s', (b) => {
    expect(() => validateBucket(b)).not.toThrow()
  })

  it.each([
    'ab',
    'a'.repeat(64),
    'My-Bucket',
    'my_bucket',
    '-abc',
    'abc-',
    'a--b',
    'a.b.c',
    'bücket',
    '',
  ])('rejects %j', (b) => {
    expect(() => validateBucket(b)).toThrow(UsageError)
  })

  it('agrees with the contract on arbitrary strings', () => {
    const alphabet = fc.constantFrom(...'abz09-A_.'.split(''))
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 70 }), (b) => {
        const valid =
          b.length >= 3 &&
          b.length <= 63 &&
          /^[a-z0-9-]+$/.test(b) &&
          !b.startsWith('-') &&
          !b.endsWith('-') &&
          !b.includes('--')
        let accepted = true
        try {
          validateBucket(b)
        } catch {
          accepted = false
        }
        expect(accepted).toBe(valid)
      }),
    )
  })
})

describe('validateKey', () => {
  it('accepts 1 to 1022 bytes of UTF-8', () => {
    expect(() => validateKey('a')).not.toThrow()
    expect(() => validateKey('dir/ünï cødé %+3.bin')).not.toThrow()
    expect(() => validateKey('x'.repeat(1022))).not.toThrow()
    expect(() => validateKey('ü'.repeat(511))).not.toThrow()
  })

  it('counts bytes, not characters', () => {
    expect(() => validateKey('ü'.repeat(512))).toThrow(
      'key too long: 1024 bytes of UTF-8, the limit is 1022',
    )
    expect(() => validateKey('x'.repeat(1023))).toThrow(UsageError)
  })

  it('rejects an empty key and lone surrogates', () => {
    expect(() => validateKey('')).toThrow(UsageError)
    expect(() => validateKey('a\ud800b')).toThrow(UsageError)
  })

  it('rejects keys that cannot be addressed, naming them, and keeps the others verbatim', () => {
    for (const key of ['dd/../target.txt', './x', 'a/.', '..', 'k?acl']) {
      expect(() => validateKey(key)).toThrow(UsageError)
      expect(() => validateKey(key)).toThrow(JSON.stringify(key))
    }
    for (const key of ['a\\b', 'a//b', '...', '/lead']) expect(() => validateKey(key)).not.toThrow()
  })
})
