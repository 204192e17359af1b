import { describe, expect, it } from 'vitest'
import { InvalidArgumentError, InvalidUrlError } from './errors.js'
import { parseUrl } from './parse-url.js'

describe('parseUrl', () => {
  it('parses absolute URLs and URL objects', () => {
    expect(parseUrl('https://b.s.jcloud.com/k?uploads').hostname).toBe('b.s.jcloud.com')
    expect(parseUrl(new URL('http://h:1/x')).port).toBe('1')
  })

  it('resolves a path against the Host header, keeping a leading "//"', () => {
    expect(parseUrl('/k?acl', 'b.localhost:9000').href).toBe('http://b.localhost:9000/k?acl')
    expect(parseUrl('//b/k', undefined).pathname).toBe('//b/k')
    expect(parseUrl('/k', 'bad host/').href).toBe('http://localhost/k')
  })

  it('rejects what is not a URL', () => {
    expect(() => parseUrl('b/k')).toThrow(InvalidUrlError)
    // @ts-expect-error a number is not a URL
    expect(() => parseUrl(42)).toThrow(InvalidArgumentError)
  })
})
