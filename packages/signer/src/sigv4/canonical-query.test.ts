import { describe, expect, it } from 'vitest'
import { canonicalQuery } from './canonical-query.js'

describe('canonicalQuery', () => {
  it('sorts by name, then by value', () => {
    expect(canonicalQuery('?Param2=value2&Param1=value1')).toBe('Param1=value1&Param2=value2')
    expect(canonicalQuery('?a=2&a=1&B=0')).toBe('B=0&a=1&a=2')
    expect(canonicalQuery('')).toBe('')
  })

  it('gives a parameter without a value an empty one', () => {
    expect(canonicalQuery('?lifecycle')).toBe('lifecycle=')
    expect(canonicalQuery('?uploads&x=')).toBe('uploads=&x=')
  })

  it('encodes names and values strictly, "+" read as a space', () => {
    expect(canonicalQuery('?a+b=c%2Bd&%E1%88%B4=bar')).toBe('%E1%88%B4=bar&a%20b=c%2Bd')
    expect(canonicalQuery('?k=a/b*~')).toBe('k=a%2Fb%2A~')
  })

  it('leaves out the parameters named', () => {
    expect(canonicalQuery('?X-Amz-Signature=abc&a=1', ['X-Amz-Signature'])).toBe('a=1')
  })
})
