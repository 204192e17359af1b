import { describe, expect, it } from 'vitest'
import { InvalidDateError } from './errors.js'
import { formatHttpDate, parseHttpDate } from './http-date.js'

describe('formatHttpDate', () => {
  it('writes RFC 1123 GMT', () => {
    expect(formatHttpDate(new Date(Date.UTC(2017, 6, 13, 2, 37, 31)))).toBe(
      'Thu, 13 Jul 2017 02:37:31 GMT',
    )
    expect(formatHttpDate(new Date(Date.UTC(2014, 8, 10, 7, 51, 30, 999)))).toBe(
      'Wed, 10 Sep 2014 07:51:30 GMT',
    )
  })

  it('rejects invalid dates', () => {
    expect(() => formatHttpDate(new Date(Number.NaN))).toThrow(InvalidDateError)
    expect(() => formatHttpDate(new Date(Date.UTC(10000, 0, 1)))).toThrow(InvalidDateError)
    // @ts-expect-error a string is not a Date
    expect(() => formatHttpDate('Thu, 13 Jul 2017 02:37:31 GMT')).toThrow(InvalidDateError)
  })
})

describe('parseHttpDate', () => {
  it('parses RFC 1123 GMT', () => {
    expect(parseHttpDate('Thu, 13 Jul 2017 02:37:31 GMT')?.getTime()).toBe(
      Date.UTC(2017, 6, 13, 2, 37, 31),
    )
  })

  it('refuses other forms, wrong weekdays and out-of-range fields', () => {
    for (const value of [
      'Fri, 13 Jul 2017 02:37:31 GMT',
      'Thu, 13 Jul 2017 02:37:31 UTC',
      'Thu, 13 Jul 2017 02:37:31 +0000',
      'Thursday, 13-Jul-17 02:37:31 GMT',
      'Thu Jul 13 02:37:31 2017',
      'Thu, 31 Jun 2017 02:37:31 GMT',
      'Thu, 13 Jul 2017 24:37:31 GMT',
      '2017-07-13T02:37:31Z',
      '',
    ]) {
      expect(parseHttpDate(value)).toBeUndefined()
    }
  })
})
