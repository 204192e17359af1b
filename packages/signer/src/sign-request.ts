import { collectHeaders, headerValue, trimHeaderValue } from './collect-headers.js'
import { InvalidArgumentError, InvalidDateError } from './errors.js'
import { signString } from './hmac-sha1.js'
import { formatHttpDate, parseHttpDate } from './http-date.js'
import { buildStringToSign } from './string-to-sign.js'
import type { Credentials, SignableRequest } from './types.js'
import { checkCredentials, checkRequest } from './validate.js'

/** Options of `signRequest`. */
export interface SignRequestOptions {
  /**
   * The clock: the date sent in the `Date` header and signed.
   * @default the request's `Date` header if it has one, else `new Date()`
   * @example new Date('2017-07-13T02:37:31Z')
   */
  readonly date?: Date | undefined
}

/**
 * Signs a request in the header form (contract §1) and returns every header to send: the caller's
 * (one entry per name, values trimmed, repeated names joined with `,`), `Date` (RFC 1123) and
 * `Authorization: jingdong AK:SIG`. A caller's `Authorization` is dropped.
 * @throws InvalidArgumentError, InvalidCredentialsError, InvalidHeaderError, InvalidUrlError, InvalidDateError, CryptoUnavailableError
 * @example
 * const headers = await signRequest(
 *   { method: 'PUT', url: 'https://my-bucket.s.jcloud.com/a.txt', bucket: 'my-bucket', headers: { 'Content-Type': 'text/plain' } },
 *   { accessKey: 'AK', secretKey: 'SK' },
 * )
 * await fetch(url, { method: 'PUT', headers, body: 'hello' })
 */
export async function signRequest(
  request: SignableRequest,
  credentials: Credentials,
  options: SignRequestOptions = {},
): Promise<Record<string, string>> {
  checkRequest(request)
  checkCredentials(credentials)
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('options', 'must be an object')
  }
  if (options.date !== undefined && !(options.date instanceof Date)) {
    throw new InvalidArgumentError('options.date', 'must be a Date')
  }
  const headers = collectHeaders(request.headers)
  headers.delete('authorization')
  if (options.date !== undefined || !headers.has('date')) {
    headers.set('date', { name: 'Date', values: [formatHttpDate(options.date ?? new Date())] })
  } else if (!parseHttpDate(headerValue(headers, 'date'))) {
    throw new InvalidDateError(
      'the Date header must be RFC 1123 GMT, e.g. "Thu, 13 Jul 2017 02:37:31 GMT"',
    )
  }
  const toSign = buildStringToSign(request, headers, {})
  const signature = await signString(credentials.secretKey, toSign)
  const out: Record<string, string> = {}
  for (const [lower, { name, values }] of headers) {
    if (lower !== 'date') out[name] = values.map(trimHeaderValue).join(',')
  }
  out.Date = headers.get('date')!.values.map(trimHeaderValue).join(',')
  out.Authorization = `jingdong ${credentials.accessKey}:${signature}`
  return out
}
