import { describe, expect, it } from 'vitest'
import { InvalidDateError } from '../errors.js'
import { formatAmzDate, parseAmzDate } from './amz-date.js'

describe('amz-date', () => {
  it('formats UTC, seconds only', () => {
    expect(formatAmzDate(new Date('2015-08-30T12:36:00.999Z'))).toEqual({
      long: '20150830T123600Z',
      short: '20150830',
    })
    expect(formatAmzDate(new Date(Date.UTC(9999, 11, 31, 23, 59, 59))).long).toBe(
      '99991231T235959Z',
    )
  })

  it('refuses an invalid Date', () => {
    expect(() => formatAmzDate(new Date(Number.NaN))).toThrow(InvalidDateError)
    expect(() => formatAmzDate(new Date(Date.UTC(10000, 0, 1)))).toThrow(InvalidDateError)
  })

  it('parses strictly', () => {
    expect(parseAmzDate('20130524T000000Z')?.getTime()).toBe(Date.UTC(2013, 4, 24))
    for (const bad of ['20130532T000000Z', '20130524T240000Z', '20130524T000000', '2013-05-24']) {
      expect(parseAmzDate(bad)).toBeUndefined()
    }
  })
})
