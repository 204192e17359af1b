import { InvalidDateError } from './errors.js'

/**
 * Formats a date as RFC 1123 GMT, the form of the `Date` header.
 * @throws InvalidDateError for an invalid Date or a year outside 0–9999
 * @example formatHttpDate(new Date(Date.UTC(2017, 6, 13, 2, 37, 31))) // 'Thu, 13 Jul 2017 02:37:31 GMT'
 */
export function formatHttpDate(date: Date): string {
  if (!(date instanceof Date)) throw new InvalidDateError('date must be a Date')
  const year = date.getUTCFullYear()
  if (Number.isNaN(date.getTime()) || year < 0 || year > 9999) {
    throw new InvalidDateError('date is an invalid Date or outside the years 0–9999')
  }
  return date.toUTCString()
}

// The names are checked by the round trip through toUTCString below.
const RFC1123 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/

/**
 * Parses an RFC 1123 GMT date strictly (weekday and ranges checked); `undefined` for anything else.
 * @example parseHttpDate('Thu, 13 Jul 2017 02:37:31 GMT')?.getTime() // 1499913451000
 */
export function parseHttpDate(value: string): Date | undefined {
  if (typeof value !== 'string' || !RFC1123.test(value)) return undefined
  const date = new Date(Date.parse(value))
  return !Number.isNaN(date.getTime()) && date.toUTCString() === value ? date : undefined
}
