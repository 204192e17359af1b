import { describe, expect, it } from 'vitest'
import { collectHeaders } from '../collect-headers.js'
import { canonicalHeaders, isSignableHeader, signableHeaderNames } from './canonical-headers.js'

describe('canonicalHeaders', () => {
  it('lower-cases, trims, folds runs of spaces and joins repeated names', () => {
    const headers = collectHeaders([
      ['Host', 'example.amazonaws.com'],
      ['My-Header1', ' value1 '],
      ['My-Header2', '"a   b \t c"'],
      ['my-header1', 'value2'],
    ])
    const names = signableHeaderNames(headers)
    expect(names).toEqual(['host', 'my-header1', 'my-header2'])
    expect(canonicalHeaders(headers, names)).toBe(
      'host:example.amazonaws.com\nmy-header1:value1,value2\nmy-header2:"a b c"\n',
    )
  })

  it('never signs hop-by-hop, proxy, sec or authorization headers', () => {
    for (const name of ['authorization', 'user-agent', 'expect', 'proxy-x', 'sec-fetch-mode']) {
      expect(isSignableHeader(name)).toBe(false)
    }
    expect(isSignableHeader('x-amz-date')).toBe(true)
    expect(isSignableHeader('range')).toBe(true)
  })
})
