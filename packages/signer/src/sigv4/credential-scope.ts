import { InvalidArgumentError } from '../errors.js'

/** The algorithm of every SigV4 signature this package makes. */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256'

/** What a region or a service name may be: letters, digits, `-`, `_` and `.`. */
const SCOPE_PART = /^[A-Za-z0-9._-]+$/

/** Checks a region or service name (`argument` names it in the error); returns it. */
export function checkScopePart(value: unknown, argument: string): string {
  if (typeof value !== 'string' || !SCOPE_PART.test(value)) {
    throw new InvalidArgumentError(
      argument,
      'must be a non-empty string of letters, digits, "-", "_" or "."',
    )
  }
  return value
}

/**
 * The credential scope: `day/region/service/aws4_request`.
 * @example credentialScope('20130524', 'us-east-1', 's3') // '20130524/us-east-1/s3/aws4_request'
 */
export function credentialScope(day: string, region: string, service: string): string {
  return `${day}/${region}/${service}/aws4_request`
}
