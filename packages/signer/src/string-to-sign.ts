import { canonicalizeCollected } from './canonicalized-headers.js'
import { type CollectedHeaders, collectHeaders, headerValue } from './collect-headers.js'
import { InvalidArgumentError, InvalidDateError } from './errors.js'
import { formatHttpDate } from './http-date.js'
import { parseUrl } from './parse-url.js'
import { resourcePath } from './resource-path.js'
import { canonicalizedSubResources, type SubResourceOrder } from './sub-resources.js'
import type { SignableRequest } from './types.js'
import { checkRequest } from './validate.js'

/** Options of `stringToSign`. */
export interface StringToSignOptions {
  /**
   * The Date line: a Date (formatted RFC 1123) or the literal header value.
   * @default the request's `Date` header
   * @example new Date('2017-07-13T02:37:31Z')
   */
  readonly date?: Date | string | undefined
  /**
   * Presigned form: the absolute expiry (UNIX seconds, or a Date) takes the place of the Date.
   * @default undefined (header form)
   * @example 1369191796
   */
  readonly expires?: number | Date | undefined
  /**
   * The order of the signed sub-resources.
   * @default 'sorted'
   * @example { order: 'received' }
   */
  readonly order?: SubResourceOrder | undefined
}

/** Absolute UNIX seconds of an expiry given as seconds or as a Date. */
export function expirySeconds(expires: number | Date): number {
  const seconds = expires instanceof Date ? Math.floor(expires.getTime() / 1000) : expires
  if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds) || seconds < 0) {
    throw new InvalidDateError(
      'expires must be a valid Date or a non-negative integer of UNIX seconds',
    )
  }
  return seconds
}

function dateLine(headers: CollectedHeaders, options: StringToSignOptions): string {
  if (options.expires !== undefined) return String(expirySeconds(options.expires))
  const { date } = options
  if (date instanceof Date) return formatHttpDate(date)
  if (typeof date === 'string') {
    if (date === '' || /[\r\n]/.test(date)) {
      throw new InvalidDateError('options.date must be a non-empty string without CR or LF')
    }
    return date
  }
  if (date !== undefined) throw new InvalidDateError('options.date must be a Date or a string')
  const header = headerValue(headers, 'date')
  if (header === '') {
    throw new InvalidDateError('the Date is missing: pass options.date or a Date header')
  }
  return header
}

function checkOrder(options: StringToSignOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('options', 'must be an object')
  }
  if (options.order !== undefined && options.order !== 'sorted' && options.order !== 'received') {
    throw new InvalidArgumentError('options.order', 'must be "sorted" or "received"')
  }
}

/**
 * StringToSign from its parts: the method (upper-cased), collected headers and the
 * CanonicalizedResource. Both the signing side (`urlResource`) and the verifying side (the routed
 * resource) end here.
 */
export function joinStringToSign(
  method: string,
  headers: CollectedHeaders,
  resource: string,
  options: StringToSignOptions,
): string {
  checkOrder(options)
  const date = dateLine(headers, options)
  return `${method}\n${headerValue(headers, 'content-md5')}\n${headerValue(headers, 'content-type')}\n${date}\n${canonicalizeCollected(headers)}${resource}`
}

/** CanonicalizedResource of a request to sign, from its URL (and `bucket` for virtual-host). */
export function urlResource(
  request: SignableRequest,
  headers: CollectedHeaders,
  order: SubResourceOrder | undefined,
): string {
  const url = parseUrl(request.url, headerValue(headers, 'host'))
  return resourcePath(url, request.bucket) + canonicalizedSubResources(url.search, order)
}

/** StringToSign of a request to sign whose headers are already collected. */
export function buildStringToSign(
  request: SignableRequest,
  headers: CollectedHeaders,
  options: StringToSignOptions,
): string {
  const method = checkRequest(request)
  checkOrder(options)
  return joinStringToSign(method, headers, urlResource(request, headers, options.order), options)
}

/**
 * The StringToSign (contract §1 and §2), for debugging:
 * `VERB\nContent-MD5\nContent-Type\nDate-or-Expires\n` + CanonicalizedHeaders + CanonicalizedResource.
 * @throws InvalidArgumentError, InvalidHeaderError, InvalidUrlError, InvalidDateError
 * @example
 * stringToSign({ method: 'get', url: 'https://s.jcloud.com/' }, { date: 'Wed, 30 Jul 2014 15:32:14 GMT' })
 * // 'GET\n\n\nWed, 30 Jul 2014 15:32:14 GMT\n/'
 */
export function stringToSign(request: SignableRequest, options: StringToSignOptions = {}): string {
  checkRequest(request)
  return buildStringToSign(request, collectHeaders(request.headers), options)
}
