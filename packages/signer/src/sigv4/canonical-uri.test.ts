import { describe, expect, it } from 'vitest'
import { InvalidUrlError } from '../errors.js'
import { canonicalUri } from './canonical-uri.js'

describe('canonicalUri', () => {
  it('encodes each S3 segment once, whatever spelling was sent', () => {
    expect(canonicalUri('/test$file.text')).toBe('/test%24file.text')
    expect(canonicalUri('/test%24file.text')).toBe('/test%24file.text')
    expect(canonicalUri('/a%2fb/c d')).toBe('/a%2Fb/c%20d')
    expect(canonicalUri('/%E1%88%B4')).toBe('/%E1%88%B4')
    expect(canonicalUri('/ph%C3%B6to!.jpg')).toBe('/ph%C3%B6to%21.jpg')
  })

  it('never normalises an S3 path', () => {
    expect(canonicalUri('/b//a/./c/../')).toBe('/b//a/./c/../')
    expect(canonicalUri('/')).toBe('/')
    expect(canonicalUri('')).toBe('/')
  })

  it('normalises on request, keeping a trailing slash', () => {
    const rules = { normalizePath: true }
    expect(canonicalUri('//example//', rules)).toBe('/example/')
    expect(canonicalUri('/example1/example2/../..', rules)).toBe('/')
    expect(canonicalUri('/./example', rules)).toBe('/example')
    expect(canonicalUri('/a/./', rules)).toBe('/a/')
  })

  it('double-encodes on request', () => {
    expect(canonicalUri('/test/%2Ftest', { doubleEncodePath: true })).toBe('/test/%252Ftest')
    expect(canonicalUri('/a b', { doubleEncodePath: true })).toBe('/a%20b')
  })

  it('refuses a segment that is not UTF-8', () => {
    expect(() => canonicalUri('/%FF')).toThrow(InvalidUrlError)
  })
})
