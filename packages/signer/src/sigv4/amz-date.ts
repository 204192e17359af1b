import { InvalidDateError } from '../errors.js'

/** A signing time in SigV4's two spellings. */
export interface AmzDate {
  /** ISO 8601 basic, `X-Amz-Date`. @example '20130524T000000Z' */
  readonly long: string
  /** The day of the credential scope. @example '20130524' */
  readonly short: string
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/

/**
 * Formats a date as `X-Amz-Date` (`YYYYMMDDTHHMMSSZ`, UTC) and its day.
 * @throws InvalidDateError for an invalid Date or a year outside 0–9999
 * @example formatAmzDate(new Date('2013-05-24T00:00:00Z')) // { long: '20130524T000000Z', short: '20130524' }
 */
export function formatAmzDate(date: Date): AmzDate {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new InvalidDateError('date must be a valid Date')
  }
  const year = date.getUTCFullYear()
  if (year < 0 || year > 9999) throw new InvalidDateError('date is outside the years 0–9999')
  const long = `${date.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`
  return { long, short: long.slice(0, 8) }
}

/**
 * Parses an `X-Amz-Date` strictly (ranges checked); `undefined` for anything else.
 * @example parseAmzDate('20130524T000000Z')?.toISOString() // '2013-05-24T00:00:00.000Z'
 */
export function parseAmzDate(value: string): Date | undefined {
  const match = typeof value === 'string' ? AMZ_DATE.exec(value) : null
  if (!match) return undefined
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s))
  date.setUTCFullYear(y)
  return formatAmzDate(date).long === value ? date : undefined
}
