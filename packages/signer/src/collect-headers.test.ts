import { describe, expect, it } from 'vitest'
import { collectHeaders, headerValue, trimHeaderValue } from './collect-headers.js'
import { InvalidArgumentError, InvalidHeaderError } from './errors.js'

describe('collectHeaders', () => {
  it('reads records, Headers, Maps and pairs alike, by lower-cased name', () => {
    const shapes = [
      { 'Content-Type': 'a', 'x-jss-m': ['1', '2'], skipped: undefined },
      new Headers([
        ['Content-Type', 'a'],
        ['x-jss-m', '1,2'],
      ]),
      new Map([
        ['Content-Type', 'a'],
        ['x-jss-m', '1,2'],
      ]),
      [
        ['Content-Type', 'a'],
        ['X-JSS-M', '1'],
        ['x-jss-m', '2'],
      ] as const,
      ['Content-Type', 'a', 'X-JSS-M', '1', 'x-jss-m', '2'],
    ]
    for (const shape of shapes) {
      const headers = collectHeaders(shape)
      expect([...headers.keys()]).toEqual(['content-type', 'x-jss-m'])
      expect(headerValue(headers, 'content-type')).toBe('a')
      expect(headerValue(headers, 'x-jss-m')).toBe('1,2')
    }
  })

  it('keeps the first spelling of a name', () => {
    expect(
      collectHeaders([
        ['X-Jss-A', '1'],
        ['x-jss-a', '2'],
      ] as const).get('x-jss-a'),
    ).toEqual({
      name: 'X-Jss-A',
      values: ['1', '2'],
    })
  })

  it('rejects invalid names and values with the header named', () => {
    expect(() => collectHeaders({ 'bad name': 'x' })).toThrow(InvalidHeaderError)
    expect(() => collectHeaders({ 'x-jss-a': 'a\r\nb' })).toThrow(/x-jss-a/)
    expect(() => collectHeaders({ 'x-jss-a': 'ü€' })).toThrow(InvalidHeaderError)
    // @ts-expect-error a number is not a header value
    expect(() => collectHeaders({ 'x-jss-a': 1 })).toThrow(/type number/)
    // @ts-expect-error a string is not headers
    expect(() => collectHeaders('x')).toThrow(InvalidArgumentError)
    expect(() => collectHeaders(['a', 'b', 'c'])).toThrow(/even length/)
    // @ts-expect-error pairs need two elements
    expect(() => collectHeaders([['a']])).toThrow(InvalidArgumentError)
  })
})

describe('trimHeaderValue', () => {
  it('removes spaces and tabs around the value only', () => {
    expect(trimHeaderValue(' \t a  b \t')).toBe('a  b')
  })
})
