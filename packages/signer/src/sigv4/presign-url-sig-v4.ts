import { collectHeaders } from '../collect-headers.js'
import { InvalidArgumentError, InvalidDateError } from '../errors.js'
import { formatAmzDate } from './amz-date.js'
import { canonicalHeaders, signableHeaderNames } from './canonical-headers.js'
import { canonicalQuery } from './canonical-query.js'
import { canonicalUri } from './canonical-uri.js'
import { checkCredentialsSigV4, checkScopeOptions } from './check-sig-v4.js'
import { credentialScope, SIGV4_ALGORITHM } from './credential-scope.js'
import { UNSIGNED_PAYLOAD } from './payload-hash.js'
import { signCanonicalRequest } from './sign-canonical-request.js'
import { checkRequestSigV4, setHeader, signedUrl } from './sign-request-sig-v4.js'
import type {
  CredentialsSigV4,
  ScopeOptionsSigV4,
  SignableRequestSigV4,
  SigV4Trace,
} from './types.js'

/** The longest validity of a presigned URL: 7 days, in seconds. */
export const MAX_PRESIGN_EXPIRES = 604_800

/** The query parameters a SigV4 presigned URL carries (lower-cased). */
export const PRESIGN_PARAMS_SIG_V4: readonly string[] = [
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signedheaders',
  'x-amz-signature',
]

/** A request to presign: the request a URL holder will send, and how long the URL is valid. */
export interface PresignableRequestSigV4 extends SignableRequestSigV4 {
  /** The validity in seconds from the signing time, 1 to 604800 (7 days). @example 3600 */
  readonly expiresIn: number
}

/** A presigned URL and every intermediate string. */
export interface PresignedUrlSigV4 extends SigV4Trace {
  /**
   * The URL (fragment dropped) with its query in canonical form followed by `X-Amz-Signature`.
   * @example 'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&…&X-Amz-Signature=aeee…'
   */
  readonly url: string
}

/** Checks `expiresIn`: an integer from 1 to 604800. */
export function checkExpiresIn(expiresIn: unknown): number {
  if (
    typeof expiresIn !== 'number' ||
    !Number.isInteger(expiresIn) ||
    expiresIn < 1 ||
    expiresIn > MAX_PRESIGN_EXPIRES
  ) {
    throw new InvalidDateError('request.expiresIn must be an integer of seconds from 1 to 604800')
  }
  return expiresIn
}

/** Parses the URL to presign: absolute http(s), without any presign parameter yet. */
function presignedBase(request: PresignableRequestSigV4): URL {
  const url = signedUrl(request, collectHeaders(request.headers))
  if (typeof request.url === 'string' && request.url.startsWith('/')) {
    throw new InvalidArgumentError('request.url', 'must be an absolute URL to presign')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidArgumentError('request.url', 'must be an http: or https: URL')
  }
  url.searchParams.forEach((_value, name) => {
    if (PRESIGN_PARAMS_SIG_V4.includes(name.toLowerCase())) {
      throw new InvalidArgumentError('request.url', `already has a ${name} parameter`)
    }
  })
  return url
}

/**
 * Presigns a URL with AWS Signature Version 4 (query form), for S3 unless `options.service` says
 * otherwise: adds `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`,
 * `X-Amz-Security-Token` (with a session token), `X-Amz-SignedHeaders` and `X-Amz-Signature`; the
 * payload is `UNSIGNED-PAYLOAD`. `Host` and every header in `request.headers` are signed: whoever
 * uses the URL must send the same values.
 * @throws InvalidArgumentError, InvalidCredentialsError, InvalidHeaderError, InvalidUrlError, InvalidDateError, CryptoUnavailableError
 * @example
 * const { url } = await presignUrlSigV4(
 *   { method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/test.txt', expiresIn: 86_400 },
 *   { accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
 *   { region: 'us-east-1', date: new Date('2013-05-24T00:00:00Z') },
 * ) // …&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404
 */
export async function presignUrlSigV4(
  request: PresignableRequestSigV4,
  credentials: CredentialsSigV4,
  options: ScopeOptionsSigV4,
): Promise<PresignedUrlSigV4> {
  const method = checkRequestSigV4(request)
  checkCredentialsSigV4(credentials)
  const scope = checkScopeOptions(options)
  const expiresIn = checkExpiresIn(request.expiresIn)
  const url = presignedBase(request)
  const headers = collectHeaders(request.headers)
  headers.delete('authorization')
  if (!headers.has('host')) setHeader(headers, 'host', url.host)
  const signed = signableHeaderNames(headers)
  const date = formatAmzDate(scope.date ?? new Date())
  const params = new URLSearchParams(url.search)
  params.append('X-Amz-Algorithm', SIGV4_ALGORITHM)
  const credential = credentialScope(date.short, scope.region, scope.service)
  params.append('X-Amz-Credential', `${credentials.accessKey}/${credential}`)
  params.append('X-Amz-Date', date.long)
  params.append('X-Amz-Expires', String(expiresIn))
  if (credentials.sessionToken !== undefined) {
    params.append('X-Amz-Security-Token', credentials.sessionToken)
  }
  params.append('X-Amz-SignedHeaders', signed.join(';'))
  const query = canonicalQuery(params)
  const trace = await signCanonicalRequest(
    {
      method,
      uri: canonicalUri(url.pathname, options),
      query,
      headers: canonicalHeaders(headers, signed),
      signedHeaders: signed.join(';'),
      payloadHash: UNSIGNED_PAYLOAD,
    },
    credentials.secretKey,
    { ...scope, date },
  )
  const href = `${url.origin}${url.pathname}?${query}&X-Amz-Signature=${trace.signature}`
  return { ...trace, url: href }
}
