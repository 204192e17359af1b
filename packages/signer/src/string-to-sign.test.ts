import { describe, expect, it } from 'vitest'
import { InvalidArgumentError, InvalidDateError, InvalidUrlError } from './errors.js'
import { stringToSign } from './string-to-sign.js'

const date = 'Thu, 13 Jul 2017 02:37:31 GMT'

describe('stringToSign', () => {
  it('joins verb, Content-MD5, Content-Type, Date, headers and resource', () => {
    const request = {
      method: 'put',
      url: 'http://h/b/k?partNumber=1&uploadId=U',
      headers: { 'content-md5': 'abc', 'CONTENT-TYPE': ' text/plain ', 'x-jss-a': '1', Date: date },
    }
    expect(stringToSign(request)).toBe(
      `PUT\nabc\ntext/plain\n${date}\nx-jss-a:1\n/b/k?partNumber=1&uploadId=U`,
    )
  })

  it('writes "" for an absent Content-MD5 or Content-Type', () => {
    expect(stringToSign({ method: 'GET', url: 'http://h/' }, { date })).toBe(`GET\n\n\n${date}\n/`)
  })

  it('takes the date from options (Date or literal) over the header, and Expires over both', () => {
    const request = { method: 'GET', url: 'http://h/b', headers: { Date: 'ignored' } }
    expect(stringToSign(request, { date: new Date(Date.parse(date)) })).toBe(`GET\n\n\n${date}\n/b`)
    expect(stringToSign(request, { date: 'literal' })).toBe('GET\n\n\nliteral\n/b')
    expect(stringToSign(request, { date, expires: 1369191796 })).toBe('GET\n\n\n1369191796\n/b')
    expect(stringToSign(request, { expires: new Date(1369191796_999) })).toBe(
      'GET\n\n\n1369191796\n/b',
    )
  })

  it('can keep the sub-resources in the order received', () => {
    const request = { method: 'GET', url: 'http://h/b/k?uploadId=U&partNumber=1' }
    expect(stringToSign(request, { date, order: 'received' })).toMatch(/\?uploadId=U&partNumber=1$/)
  })

  it('validates every input with a typed error', () => {
    const ok = { method: 'GET', url: 'http://h/' }
    expect(() => stringToSign(ok)).toThrow(InvalidDateError)
    expect(() => stringToSign(ok, { date: '' })).toThrow(InvalidDateError)
    expect(() => stringToSign(ok, { date: 'a\nb' })).toThrow(InvalidDateError)
    expect(() => stringToSign(ok, { expires: -1 })).toThrow(InvalidDateError)
    expect(() => stringToSign(ok, { expires: 1.5 })).toThrow(InvalidDateError)
    expect(() => stringToSign(ok, { expires: new Date(Number.NaN) })).toThrow(InvalidDateError)
    expect(() => stringToSign({ ...ok, method: 'GE T' }, { date })).toThrow(InvalidArgumentError)
    expect(() => stringToSign({ ...ok, bucket: '' }, { date })).toThrow(/request\.bucket/)
    expect(() => stringToSign({ ...ok, url: 'nope' }, { date })).toThrow(InvalidUrlError)
    // @ts-expect-error the request must be an object
    expect(() => stringToSign(null)).toThrow(
      expect.objectContaining({ code: 'JSS_ERR_INVALID_ARG' }),
    )
  })
})
