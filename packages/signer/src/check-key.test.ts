import { describe, expect, it } from 'vitest'
import { checkKey, isAddressableKey } from './check-key.js'
import { InvalidArgumentError } from './errors.js'

describe('isAddressableKey / checkKey', () => {
  it.each([
    'k',
    'a/b',
    'a//b',
    '/lead',
    'trail/',
    'a\\b',
    '...',
    '.hidden/..x/x..',
    'what?',
    'a?b=c',
    'k?aclx',
    'ünï cødé',
  ])('accepts %j', (key) => {
    expect(isAddressableKey(key)).toBe(true)
    expect(() => checkKey(key)).not.toThrow()
  })

  it.each([
    ['.', '"."'],
    ['..', '".."'],
    ['a/./b', '"."'],
    ['dd/../target.txt', '".."'],
    ['x/..', '".."'],
    ['../x', '".."'],
    ['k?acl', '"?acl"'],
    ['k?uploadId=1', '"?uploadId"'],
    ['k?uploads&x', '"?uploads"'],
    ['\uD800', 'lone surrogate'],
    ['', 'non-empty'],
  ])('refuses %j and says why', (key, why) => {
    expect(isAddressableKey(key)).toBe(false)
    expect(() => checkKey(key)).toThrow(InvalidArgumentError)
    expect(() => checkKey(key)).toThrow(why)
  })
})
