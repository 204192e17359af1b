import { describe, expect, it } from 'vitest'
import { InvalidArgumentError, InvalidHeaderError, InvalidUrlError } from './errors.js'
import { parseUrl } from './parse-url.js'

describe('parseUrl', () => {
  it('parses absolute URLs and URL objects', () => {
    expect(parseUrl('https://b.s.jcloud.com/k?uploads').hostname).toBe('b.s.jcloud.com')
    expect(parseUrl(new URL('http://h:1/x')).port).toBe('1')
  })

  it('resolves a path against the Host header, keeping a leading "//"', () => {
    expect(parseUrl('/k?acl', 'b.localhost:9000').href).toBe('http://b.localhost:9000/k?acl')
    expect(parseUrl('//b/k', undefined).pathname).toBe('//b/k')
    expect(() => parseUrl('/k', 'bad host/')).toThrow(InvalidHeaderError)
  })

  it('refuses a raw path that a URL parser would rewrite into another', () => {
    for (const url of [
      'http://h/b/dd/../target.txt',
      'http://h/b/./k',
      'http://h/b/q/%2e%2E/k',
      'http://h/b/%2E/k',
      'http://h/b/.%2e',
      '/b/x/..',
      'http://h/b\\k',
      'http://h\\b/k',
    ]) {
      expect(() => parseUrl(url), url).toThrow(InvalidUrlError)
    }
    expect(parseUrl('http://h/b/...k/.x/..y?a=/../').pathname).toBe('/b/...k/.x/..y')
    expect(parseUrl('http://h/b/k?q=a\\b').search).toBe('?q=a\\b')
  })

  it('rejects what is not a URL', () => {
    expect(() => parseUrl('b/k')).toThrow(InvalidUrlError)
    // @ts-expect-error a number is not a URL
    expect(() => parseUrl(42)).toThrow(InvalidArgumentError)
  })
})
