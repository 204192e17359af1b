import { describe, expect, it } from 'vitest'
import { InvalidArgumentError, InvalidUrlError } from './errors.js'
import { parseRequestTarget } from './parse-request-target.js'
import { canonicalizedSubResources } from './sub-resources.js'

describe('parseRequestTarget', () => {
  it('splits before decoding and never normalises', () => {
    expect(parseRequestTarget('/b/a%20b?uploads')).toEqual({
      bucket: 'b',
      key: 'a b',
      query: '?uploads',
    })
    expect(parseRequestTarget('/b/a%2Fb//c%5Cd/...')).toMatchObject({ key: 'a/b//c\\d/...' })
    expect(parseRequestTarget('/b/')).toEqual({ bucket: 'b', key: undefined, query: '' })
    expect(parseRequestTarget('/')).toEqual({ bucket: undefined, key: undefined, query: '' })
    expect(parseRequestTarget('/a%2Fb', { bucket: 'b' })).toMatchObject({ bucket: 'b', key: 'a/b' })
    expect(parseRequestTarget('//x', { bucket: 'b' })).toMatchObject({ key: '/x' })
    expect(parseRequestTarget('/', { bucket: 'b' })).toMatchObject({ bucket: 'b', key: undefined })
  })

  it.each([
    'b/k',
    '',
    '/b/q/../new.txt',
    '/b/q/%2e%2E/new.txt',
    '/b/./new.txt',
    '/b/%2E',
    '/b/k/..',
    '/b/q%2F..%2Fnew.txt',
    '/other-bucket/../b/new.txt',
    '/b/a\\b',
    '/b/a#frag',
    '/b/a b',
    '/b/%zz',
    '/b/%C3',
    '/b/\u00e9',
    '//k',
    '//',
    '/a%2Fb/k',
    '/a%3Fb/k',
    '/b/k%3Facl',
    '/b/k%3FuploadId=1',
  ])('refuses the path of %j', (target) => {
    expect(() => parseRequestTarget(target)).toThrow(InvalidUrlError)
  })

  it.each([
    'uploadId=a&uploadId=b',
    'uploadId=a%00',
    'partNumber=1%0A',
    'uploadId=a%26partNumber%3D9',
  ])('refuses the sub-resources of %j', (query) => {
    expect(() => parseRequestTarget(`/b/k?${query}`)).toThrow(InvalidArgumentError)
  })

  it('keeps unsigned parameters as they are, even repeated or with controls', () => {
    expect(parseRequestTarget('/b?prefix=a%00&prefix=b').query).toBe('?prefix=a%00&prefix=b')
  })

  it('keeps the leading "?" so that router and verifier read the same parameters', () => {
    const { query } = parseRequestTarget('/b??uploads')
    expect(new URLSearchParams(query).has('uploads')).toBe(false)
    expect(canonicalizedSubResources(query)).toBe('')
    expect(new URLSearchParams(parseRequestTarget('/b?uploads').query).has('uploads')).toBe(true)
  })

  it('refuses a bad virtual-host bucket', () => {
    expect(() => parseRequestTarget('/k', { bucket: 'a/b' })).toThrow(InvalidArgumentError)
  })
})
