import { describe, expect, it } from 'vitest'
import { resolveTarget, virtualHostBucket } from './resolve-target.js'

const domains = ['localhost', 's.jcloud.com']

describe('resolveTarget', () => {
  it('resolves path-style requests', () => {
    expect(resolveTarget('/', '127.0.0.1:9000', domains)).toMatchObject({
      bucket: undefined,
      key: undefined,
      resource: '/',
    })
    expect(resolveTarget('/b', '127.0.0.1:9000', domains)).toMatchObject({
      bucket: 'b',
      key: undefined,
      resource: '/b',
    })
    expect(resolveTarget('/b/', '127.0.0.1:9000', domains)).toMatchObject({
      bucket: 'b',
      key: undefined,
    })
    const target = resolveTarget('/b/dir/a%20b%2Fc?uploads&prefix=x', '127.0.0.1', domains)
    expect(target).toMatchObject({
      bucket: 'b',
      key: 'dir/a b/c',
      virtualHost: false,
      resource: '/b/dir/a b/c',
    })
    expect(target.query.has('uploads')).toBe(true)
    expect(target.query.get('prefix')).toBe('x')
  })

  it('resolves virtual-host requests', () => {
    expect(resolveTarget('/a/b.txt', 'bkt.localhost:1234', domains)).toMatchObject({
      bucket: 'bkt',
      key: 'a/b.txt',
      virtualHost: true,
      resource: '/bkt/a/b.txt',
    })
    expect(resolveTarget('/', 'bkt.s.jcloud.com', domains)).toMatchObject({
      bucket: 'bkt',
      key: undefined,
      resource: '/bkt',
    })
    expect(resolveTarget('/x', 'localhost:1234', domains)).toMatchObject({
      bucket: 'x',
      virtualHost: false,
    })
  })

  it('never normalises the path, and refuses what other parsers would', () => {
    expect(resolveTarget('/b//x/y', 'h', domains).key).toBe('/x/y')
    expect(resolveTarget('/b/a%5Cb', 'h', domains).key).toBe('a\\b')
    for (const path of ['/b/../../etc/passwd', '/b//x/./y', '/b/%2e%2E', '/b/a\\b']) {
      expect(() => resolveTarget(path, 'h', domains), path).toThrow(
        expect.objectContaining({ jssCode: 'InvalidURI', status: 400 }),
      )
    }
  })

  it('answers 400 InvalidURI for bad percent-encoding', () => {
    expect(() => resolveTarget('/b/%E0%A4%A', 'h', domains)).toThrow(
      expect.objectContaining({ jssCode: 'InvalidURI', status: 400 }),
    )
  })

  it('answers 400 InvalidArgument for a Host that is not host[:port], or none', () => {
    for (const host of [undefined, '', 'x/b/public.txt?', 'x#', 'a@b', 'x y', 'h:99999', 'a,b']) {
      expect(() => resolveTarget('/b/k', host, domains), String(host)).toThrow(
        expect.objectContaining({ jssCode: 'InvalidArgument', status: 400 }),
      )
    }
  })

  it('answers 400 InvalidArgument for a control character in a sub-resource', () => {
    expect(() => resolveTarget('/b/k?uploadId=%00', 'h', domains)).toThrow(
      expect.objectContaining({ jssCode: 'InvalidArgument', status: 400 }),
    )
  })
})

describe('virtualHostBucket', () => {
  it('takes the bucket from bucket.<domain>', () => {
    expect(virtualHostBucket('b.localhost', domains)).toBe('b')
    expect(virtualHostBucket('.localhost', domains)).toBeUndefined()
    expect(virtualHostBucket('b.example.com', domains)).toBeUndefined()
  })
})
