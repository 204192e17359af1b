import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { UsageError } from './errors.js'
import {
  parseBucketTarget,
  parseObjectTarget,
  parsePrefixTarget,
  splitTarget,
  stripScheme,
} from './target.js'

describe('splitTarget', () => {
  it('splits at the first slash and keeps the key verbatim', () => {
    expect(splitTarget('b1/dir/ünï cødé %+3.bin')).toEqual({
      bucket: 'b1',
      key: 'dir/ünï cødé %+3.bin',
    })
    expect(splitTarget('b1/a%2Fb')).toEqual({ bucket: 'b1', key: 'a%2Fb' })
    expect(splitTarget('b1//x/')).toEqual({ bucket: 'b1', key: '/x/' })
    expect(splitTarget('b1')).toEqual({ bucket: 'b1', key: '' })
  })

  it('joins back to its input', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (bucket, key) => {
        const b = bucket.replaceAll('/', '')
        const target = splitTarget(`${b}/${key}`)
        expect(target).toEqual({ bucket: b, key })
      }),
    )
  })
})

describe('parseObjectTarget', () => {
  it('needs a key', () => {
    expect(() => parseObjectTarget('bucket')).toThrow(UsageError)
    expect(() => parseObjectTarget('bucket/')).toThrow('missing key in "bucket/"')
  })

  it('validates the bucket first', () => {
    expect(() => parseObjectTarget('Bad_Bucket/key')).toThrow('invalid bucket name "Bad_Bucket"')
  })
})

describe('parsePrefixTarget', () => {
  it('allows an empty prefix', () => {
    expect(parsePrefixTarget('bucket')).toEqual({ bucket: 'bucket', key: '' })
    expect(parsePrefixTarget('bucket/logs/')).toEqual({ bucket: 'bucket', key: 'logs/' })
  })
})

describe('jss:// addresses', () => {
  it('accepts jss://bucket/key wherever bucket/key is', () => {
    expect(parseObjectTarget('jss://bk1/dir/k')).toEqual({ bucket: 'bk1', key: 'dir/k' })
    expect(parsePrefixTarget('jss://bk1')).toEqual({ bucket: 'bk1', key: '' })
    expect(parsePrefixTarget('JSS://bk1/p/')).toEqual({ bucket: 'bk1', key: 'p/' })
    expect(parseBucketTarget('jss://bk1/')).toBe('bk1')
    expect(parseBucketTarget('bk1')).toBe('bk1')
    expect(() => parseBucketTarget('bk1/k')).toThrow(UsageError)
  })

  it('refuses other schemes, saying what to use', () => {
    expect(() => parseObjectTarget('s3://b1/k')).toThrow(
      'unsupported address "s3://b1/k": s3:// is not a JSS address; use jss://<bucket>/<key> or <bucket>/<key>',
    )
    expect(() => parsePrefixTarget('https://b1')).toThrow(UsageError)
    expect(stripScheme('b1/s3://x')).toBe('b1/s3://x')
  })
})
