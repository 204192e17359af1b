import { type CollectedHeaders, collectHeaders, headerValue } from '../collect-headers.js'
import { InvalidArgumentError, InvalidDateError } from '../errors.js'
import { parseUrl } from '../parse-url.js'
import { checkMethod } from '../validate.js'
import { type AmzDate, formatAmzDate, parseAmzDate } from './amz-date.js'
import { canonicalHeaders, signableHeaderNames } from './canonical-headers.js'
import { canonicalQuery } from './canonical-query.js'
import { canonicalUri } from './canonical-uri.js'
import { checkCredentialsSigV4, checkScopeOptions } from './check-sig-v4.js'
import { SIGV4_ALGORITHM } from './credential-scope.js'
import { type PayloadOptions, resolvePayloadHash } from './payload-hash.js'
import { signCanonicalRequest } from './sign-canonical-request.js'
import type {
  CredentialsSigV4,
  ScopeOptionsSigV4,
  SignableRequestSigV4,
  SigV4Trace,
} from './types.js'

/** Options of `signRequestSigV4`. */
export interface SignRequestSigV4Options extends ScopeOptionsSigV4, PayloadOptions {
  /**
   * Send (and sign) `X-Amz-Content-Sha256`, which S3 requires.
   * @default true for `s3`, or when the request has the header; false otherwise
   */
  readonly contentSha256Header?: boolean | undefined
}

/** A request signed in the header form: the headers to send and every intermediate string. */
export interface SignedRequestSigV4 extends SigV4Trace {
  /**
   * Every header to send: the caller's (one entry per name, repeated names joined with `,`),
   * `X-Amz-Date`, `X-Amz-Content-Sha256` (S3), `X-Amz-Security-Token` (with a session token) and
   * `Authorization`. `Host` is signed but only returned when the caller gave it: `fetch` sends the
   * URL's host, which is what was signed.
   */
  readonly headers: Record<string, string>
}

/** Checks the request object; returns its method upper-cased. */
export function checkRequestSigV4(request: SignableRequestSigV4): string {
  if (typeof request !== 'object' || request === null) {
    throw new InvalidArgumentError('request', 'must be an object { method, url, headers? }')
  }
  return checkMethod(request.method)
}

/** Parses the URL to sign: absolute, or a path with a Host header. */
export function signedUrl(request: SignableRequestSigV4, headers: CollectedHeaders): URL {
  const host = headerValue(headers, 'host')
  if (typeof request.url === 'string' && request.url.startsWith('/') && host === '') {
    throw new InvalidArgumentError('request.url', 'must be absolute, or a path with a Host header')
  }
  return parseUrl(request.url, host)
}

/** The signing time: the option, else the request's `X-Amz-Date`, else now. */
function signingDate(headers: CollectedHeaders, date: Date | undefined): AmzDate {
  if (date !== undefined || !headers.has('x-amz-date')) return formatAmzDate(date ?? new Date())
  const given = headerValue(headers, 'x-amz-date')
  if (!parseAmzDate(given)) {
    throw new InvalidDateError(
      'the X-Amz-Date header must be YYYYMMDDTHHMMSSZ, e.g. 20130524T000000Z',
    )
  }
  return formatAmzDate(parseAmzDate(given)!)
}

/** Sets one header, replacing any the caller gave under that name. */
export function setHeader(headers: CollectedHeaders, name: string, value: string): void {
  headers.set(name.toLowerCase(), { name, values: [value] })
}

/**
 * Signs a request with AWS Signature Version 4 in the header form
 * (`Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`), for S3 unless
 * `options.service` says otherwise. The path is signed with S3's rules (each segment encoded once,
 * never normalised; `PathRules` for other services). Returns the headers to send and the canonical
 * request, StringToSign and signature, for debugging.
 * @throws InvalidArgumentError, InvalidCredentialsError, InvalidHeaderError, InvalidUrlError, InvalidDateError, CryptoUnavailableError
 * @example
 * const url = 'https://examplebucket.s3.amazonaws.com/test.txt'
 * const { headers } = await signRequestSigV4(
 *   { method: 'PUT', url, headers: { 'Content-Type': 'text/plain' } },
 *   { accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
 *   { region: 'us-east-1', body: 'hello' },
 * )
 * await fetch(url, { method: 'PUT', headers, body: 'hello' })
 */
export async function signRequestSigV4(
  request: SignableRequestSigV4,
  credentials: CredentialsSigV4,
  options: SignRequestSigV4Options,
): Promise<SignedRequestSigV4> {
  const method = checkRequestSigV4(request)
  checkCredentialsSigV4(credentials)
  const scope = checkScopeOptions(options)
  const headers = collectHeaders(request.headers)
  headers.delete('authorization')
  const url = signedUrl(request, headers)
  const date = signingDate(headers, scope.date)
  const given = headers.has('x-amz-content-sha256')
  const payloadHash = await resolvePayloadHash(
    options,
    given ? headerValue(headers, 'x-amz-content-sha256') : undefined,
    scope.service,
  )
  setHeader(headers, 'X-Amz-Date', date.long)
  if (options.contentSha256Header ?? (given || scope.service === 's3')) {
    setHeader(headers, 'X-Amz-Content-Sha256', payloadHash)
  } else headers.delete('x-amz-content-sha256')
  if (credentials.sessionToken !== undefined) {
    setHeader(headers, 'X-Amz-Security-Token', credentials.sessionToken)
  }
  const hostGiven = headers.has('host')
  if (!hostGiven) setHeader(headers, 'host', url.host)
  const signed = signableHeaderNames(headers)
  const trace = await signCanonicalRequest(
    {
      method,
      uri: canonicalUri(url.pathname, options),
      query: canonicalQuery(url.search),
      headers: canonicalHeaders(headers, signed),
      signedHeaders: signed.join(';'),
      payloadHash,
    },
    credentials.secretKey,
    { ...scope, date },
  )
  if (!hostGiven) headers.delete('host')
  return { ...trace, headers: headersToSend(headers, credentials.accessKey, trace) }
}

/** The headers to send: one entry per name, then `Authorization`. */
function headersToSend(
  headers: CollectedHeaders,
  accessKey: string,
  trace: SigV4Trace,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const { name, values } of headers.values()) {
    out[name] = values.map((v) => v.replace(/^[ \t]+|[ \t]+$/g, '')).join(',')
  }
  out.Authorization = `${SIGV4_ALGORITHM} Credential=${accessKey}/${trace.credentialScope}, SignedHeaders=${trace.signedHeaders}, Signature=${trace.signature}`
  return out
}
