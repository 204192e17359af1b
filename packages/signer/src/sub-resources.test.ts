import { describe, expect, it } from 'vitest'
import { InvalidArgumentError } from './errors.js'
import { canonicalizedSubResources, SIGNED_SUB_RESOURCES } from './sub-resources.js'

describe('canonicalizedSubResources', () => {
  it('lists the documented signed parameters', () => {
    expect(SIGNED_SUB_RESOURCES).toHaveLength(17)
    expect(SIGNED_SUB_RESOURCES).toContain('partNumber')
    expect(SIGNED_SUB_RESOURCES).toContain('contentDisposition')
  })

  it('keeps only the signed parameters, sorted, valueless ones without "="', () => {
    const query = '?uploadId=ID&max-parts=5&partNumber=3&prefix=a&uploads&Expires=1&Signature=x'
    expect(canonicalizedSubResources(query)).toBe('?partNumber=3&uploadId=ID&uploads')
    expect(canonicalizedSubResources('prefix=a&delimiter=/')).toBe('')
    expect(canonicalizedSubResources(undefined)).toBe('')
  })

  it('keeps the order received when asked', () => {
    expect(canonicalizedSubResources('uploadId=ID&partNumber=3', 'received')).toBe(
      '?uploadId=ID&partNumber=3',
    )
  })

  it('signs an empty value like no value', () => {
    expect(canonicalizedSubResources('uploads=')).toBe('?uploads')
    expect(canonicalizedSubResources({ uploads: null, acl: '' })).toBe('?acl&uploads')
  })

  it('decodes values, "+" as a space, like URLSearchParams', () => {
    expect(canonicalizedSubResources('contentType=text%2Fplain%3B+charset%3Dutf-8')).toBe(
      '?contentType=text/plain; charset=utf-8',
    )
  })

  it('reads pairs, URLSearchParams and records, names case-sensitive', () => {
    const expected = '?partNumber=1&uploadId=a b'
    expect(
      canonicalizedSubResources(new URLSearchParams({ uploadId: 'a b', partNumber: '1' })),
    ).toBe(expected)
    expect(
      canonicalizedSubResources([
        ['uploadId', 'a b'],
        ['partNumber', '1'],
      ]),
    ).toBe(expected)
    expect(canonicalizedSubResources({ uploadId: 'a b', partNumber: 1, PartNumber: 2 })).toBe(
      expected,
    )
  })

  it('rejects other query types', () => {
    // @ts-expect-error a number is not a query
    expect(() => canonicalizedSubResources(5)).toThrow(InvalidArgumentError)
  })
})
