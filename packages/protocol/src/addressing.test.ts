import { InvalidArgumentError, isAddressableKey } from '@jss/signer'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildTarget, defaultAddressing, formatQuery, isJdCloudHost } from './addressing.js'

describe('addressing', () => {
  it('defaults to virtual-host for JD Cloud hosts only', () => {
    expect(defaultAddressing(new URL('https://s.jcloud.com'))).toBe('virtual-host')
    expect(defaultAddressing(new URL('https://oss.cn-north-1.jcloudcs.com'))).toBe('virtual-host')
    expect(defaultAddressing(new URL('http://127.0.0.1:9000'))).toBe('path')
    expect(defaultAddressing(new URL('http://localhost'))).toBe('path')
    expect(isJdCloudHost('evil-jcloud.com')).toBe(false)
  })
  it('sorts the query and writes valueless parameters bare', () => {
    expect(formatQuery({ uploadId: 'a b', partNumber: 3 })).toBe('?partNumber=3&uploadId=a%20b')
    expect(formatQuery({ uploads: null, prefix: undefined })).toBe('?uploads')
    expect(formatQuery({})).toBe('')
  })
  it('builds virtual-host and path-style targets', () => {
    const vh = buildTarget(new URL('https://s.jcloud.com'), 'virtual-host', {
      bucket: 'b1',
      key: 'dir/ü x',
      query: { uploads: null },
    })
    expect(vh.url).toBe('https://b1.s.jcloud.com/dir/%C3%BC%20x?uploads')
    expect(vh.signerBucket).toBe('b1')
    expect(vh.resource).toBe('/b1/dir/ü x?uploads')
    const ps = buildTarget(new URL('http://127.0.0.1:9000'), 'path', { bucket: 'b1' })
    expect(ps.url).toBe('http://127.0.0.1:9000/b1')
    expect(ps.signerBucket).toBeUndefined()
    const root = buildTarget(new URL('http://s.jcloud.com:8080'), 'virtual-host', { bucket: 'b1' })
    expect(root.url).toBe('http://b1.s.jcloud.com:8080/')
  })
  it('sends a service request (no bucket) to the endpoint itself, whatever the addressing', () => {
    for (const addressing of ['virtual-host', 'path'] as const) {
      const service = buildTarget(new URL('https://s.jcloud.com:8443'), addressing, {})
      expect(service).toEqual({
        origin: 'https://s.jcloud.com:8443',
        path: '/',
        url: 'https://s.jcloud.com:8443/',
        signerBucket: undefined,
        resource: '/',
      })
    }
  })
  it('keeps every addressable key in the path, decodable back to the key, and refuses the others', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom('.', '..', 'a/./b', 'x/..', 'k?acl')),
        (key) => {
          const build = () => buildTarget(new URL('http://h'), 'path', { bucket: 'b', key })
          if (!isAddressableKey(key)) {
            expect(build).toThrow(InvalidArgumentError)
            return
          }
          const t = build()
          expect(t.path).not.toMatch(/[?#\s]/)
          expect(decodeURIComponent(t.path)).toBe(`/b/${key}`)
        },
      ),
    )
  })
})
