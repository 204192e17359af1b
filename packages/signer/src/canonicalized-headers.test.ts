import { describe, expect, it } from 'vitest'
import { canonicalizedHeaders } from './canonicalized-headers.js'

describe('canonicalizedHeaders', () => {
  it('is empty without x-jss- headers', () => {
    expect(canonicalizedHeaders({ 'Content-Type': 'a', 'x-amz-date': 'b', Host: 'h' })).toBe('')
    expect(canonicalizedHeaders(undefined)).toBe('')
  })

  it('lower-cases, trims, sorts and ends every line with a newline', () => {
    const headers = { 'X-JSS-Storage-Class': ' STANDARD ', 'x-jss-meta-a': 'v', 'x-jssx': 'no' }
    expect(canonicalizedHeaders(headers)).toBe('x-jss-meta-a:v\nx-jss-storage-class:STANDARD\n')
  })

  it('joins repeated names with a comma, each value trimmed', () => {
    const pairs = [
      ['x-jss-meta-b', ' 2 '],
      ['X-Jss-Meta-B', '1'],
      ['x-jss-meta-a', 'z'],
    ] as const
    expect(canonicalizedHeaders(pairs)).toBe('x-jss-meta-a:z\nx-jss-meta-b:2,1\n')
  })

  it('sorts by code unit, not by locale', () => {
    expect(canonicalizedHeaders({ 'x-jss-b': '1', 'x-jss-_': '2', 'x-jss-a-b': '3' })).toBe(
      'x-jss-_:2\nx-jss-a-b:3\nx-jss-b:1\n',
    )
  })
})
