import { describe, expect, it } from 'vitest'
import { hostName, resolveTarget, virtualHostBucket } from './resolve-target.js'

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

  it('never normalises the path', () => {
    expect(resolveTarget('/b/../../etc/passwd', 'h', domains).key).toBe('../../etc/passwd')
    expect(resolveTarget('/b//x/./y', 'h', domains).key).toBe('/x/./y')
  })

  it('answers 400 InvalidURI for bad percent-encoding', () => {
    expect(() => resolveTarget('/b/%E0%A4%A', 'h', domains)).toThrow(
      expect.objectContaining({ jssCode: 'InvalidURI', status: 400 }),
    )
  })
})

describe('host parsing', () => {
  it('strips ports and lower-cases', () => {
    expect(hostName('BKT.LocalHost:80')).toBe('bkt.localhost')
    expect(hostName('[::1]:80')).toBe('[::1]')
    expect(virtualHostBucket('b.localhost', domains)).toBe('b')
    expect(virtualHostBucket('.localhost', domains)).toBeUndefined()
    expect(virtualHostBucket('b.example.com', domains)).toBeUndefined()
  })
})
