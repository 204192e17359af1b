import { describe, expect, it } from 'vitest'
import { canonicalizedResource } from './canonicalized-resource.js'
import { InvalidArgumentError, InvalidUrlError } from './errors.js'

describe('canonicalizedResource from parts', () => {
  it('is /, /bucket or /bucket/key, key raw', () => {
    expect(canonicalizedResource({})).toBe('/')
    expect(canonicalizedResource({ bucket: 'b' })).toBe('/b')
    expect(canonicalizedResource({ bucket: 'b', key: '' })).toBe('/b')
    expect(canonicalizedResource({ bucket: 'b', key: 'dir/ü x%2F.txt' })).toBe('/b/dir/ü x%2F.txt')
  })

  it('appends the signed sub-resources', () => {
    expect(canonicalizedResource({ bucket: 'b', query: 'uploads&prefix=p' })).toBe('/b?uploads')
    expect(
      canonicalizedResource(
        { bucket: 'b', key: 'k', query: 'uploadId=U&partNumber=2' },
        { order: 'received' },
      ),
    ).toBe('/b/k?uploadId=U&partNumber=2')
  })

  it('rejects a key without a bucket and malformed buckets', () => {
    expect(() => canonicalizedResource({ key: 'k' })).toThrow(InvalidArgumentError)
    expect(() => canonicalizedResource({ bucket: 'a/b' })).toThrow(/bucket/)
    expect(() => canonicalizedResource({ bucket: '' })).toThrow(InvalidArgumentError)
    // @ts-expect-error order must be sorted or received
    expect(() => canonicalizedResource({}, { order: 'random' })).toThrow(/order/)
  })
})

describe('canonicalizedResource from a URL', () => {
  it('reads path-style URLs: the bucket is the first segment', () => {
    expect(canonicalizedResource({ url: 'http://127.0.0.1:9000/' })).toBe('/')
    expect(canonicalizedResource({ url: 'http://127.0.0.1:9000/b' })).toBe('/b')
    expect(canonicalizedResource({ url: 'http://127.0.0.1:9000/b/' })).toBe('/b')
    expect(canonicalizedResource({ url: 'http://localhost/b/dir/' })).toBe('/b/dir/')
    expect(
      canonicalizedResource({ url: 'http://localhost/b/a%20b%2Fc?uploads', bucket: 'b' }),
    ).toBe('/b/a b/c?uploads')
  })

  it('reads virtual-host URLs when the host is the bucket or starts with "bucket."', () => {
    const bucket = 'my-bucket'
    expect(canonicalizedResource({ url: 'https://my-bucket.s.jcloud.com/', bucket })).toBe(
      '/my-bucket',
    )
    expect(canonicalizedResource({ url: 'https://my-bucket.s.jcloud.com', bucket })).toBe(
      '/my-bucket',
    )
    expect(canonicalizedResource({ url: 'https://MY-BUCKET.s.jcloud.com/%C3%BC', bucket })).toBe(
      '/my-bucket/ü',
    )
    expect(canonicalizedResource({ url: new URL('http://my-bucket/k?acl'), bucket })).toBe(
      '/my-bucket/k?acl',
    )
    expect(canonicalizedResource({ url: 'https://my-bucketx.s.jcloud.com/k', bucket })).toBe('/k')
  })

  it('rejects unparsable URLs and paths that are not UTF-8', () => {
    expect(() => canonicalizedResource({ url: 'not a url' })).toThrow(InvalidUrlError)
    expect(() => canonicalizedResource({ url: 'http://h/b/%FF' })).toThrow(InvalidUrlError)
    // @ts-expect-error url must be a string or URL
    expect(() => canonicalizedResource({ url: 5 })).toThrow(InvalidArgumentError)
  })
})
