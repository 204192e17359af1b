import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { UsageError } from './errors.js'
import { parseObjectTarget, parsePrefixTarget, splitTarget } from './target.js'

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
