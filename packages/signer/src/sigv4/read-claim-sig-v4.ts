import type { CollectedHeaders } from '../collect-headers.js'
import { parseAmzDate } from './amz-date.js'
import { SIGV4_ALGORITHM } from './credential-scope.js'
import {
  type ParsedCredential,
  parseAuthorizationSigV4,
  parseCredential,
  parseSignedHeaders,
} from './parse-authorization-sig-v4.js'
import { isPayloadHash, STREAMING_PAYLOAD_HASHES, UNSIGNED_PAYLOAD } from './payload-hash.js'
import { MAX_PRESIGN_EXPIRES } from './presign-url-sig-v4.js'
import { failureSigV4, type VerifyFailureSigV4 } from './verify-result-sig-v4.js'

/** What a SigV4 request claims: who signed it, what, when, and the signature. */
export interface ClaimSigV4 {
  readonly method: 'header' | 'presigned'
  readonly credential: ParsedCredential
  readonly signedHeaders: readonly string[]
  /** 64 lower-case hex digits. */
  readonly signature: string
  /** `X-Amz-Date` as received. */
  readonly amzDate: string
  readonly date: Date
  /** `X-Amz-Expires` of a presigned URL, in seconds. */
  readonly expiresIn: number | undefined
  readonly payloadHash: string
  readonly sessionToken: string | undefined
}

/** The single value of a header, or `undefined` when absent or repeated. */
function singleHeader(headers: CollectedHeaders, name: string): string | undefined {
  const values = headers.get(name)?.values
  return values?.length === 1 ? values[0]!.replace(/^[ \t]+|[ \t]+$/g, '') : undefined
}

/**
 * Reads `Authorization: AWS4-HMAC-SHA256 …`, `X-Amz-Date`, `X-Amz-Content-Sha256` and the session
 * token. `X-Amz-Content-Sha256` may be a streaming (`aws-chunked`) value only with `streaming`.
 */
export function claimHeaderSigV4(
  headers: CollectedHeaders,
  streaming = false,
): ClaimSigV4 | VerifyFailureSigV4 {
  const malformed = (message: string) => failureSigV4('malformed-authorization', message)
  const parsed = parseAuthorizationSigV4(singleHeader(headers, 'authorization') ?? '')
  if (!parsed) {
    return malformed(
      'Authorization is not "AWS4-HMAC-SHA256 Credential=AK/day/region/service/aws4_request, SignedHeaders=…, Signature=…"',
    )
  }
  const amzDate = singleHeader(headers, 'x-amz-date') ?? ''
  const date = parseAmzDate(amzDate)
  if (!date) return malformed('the X-Amz-Date header is missing or not YYYYMMDDTHHMMSSZ')
  if (parsed.credential.day !== amzDate.slice(0, 8)) {
    return malformed('the credential date is not the day of X-Amz-Date')
  }
  const payloadHash = singleHeader(headers, 'x-amz-content-sha256')
  const streamed = streaming && STREAMING_PAYLOAD_HASHES.includes(payloadHash ?? '')
  if (!streamed && !isPayloadHash(payloadHash)) {
    return malformed(
      streaming
        ? 'X-Amz-Content-Sha256 is missing, or neither UNSIGNED-PAYLOAD, a hex SHA-256 nor a STREAMING-… value'
        : 'X-Amz-Content-Sha256 is missing, or neither UNSIGNED-PAYLOAD nor a hex SHA-256 (streaming payloads are not accepted)',
    )
  }
  const token = headers.has('x-amz-security-token')
    ? (singleHeader(headers, 'x-amz-security-token') ?? '')
    : undefined
  if (token === '') return malformed('X-Amz-Security-Token is empty or repeated')
  return {
    method: 'header',
    ...parsed,
    amzDate,
    date,
    expiresIn: undefined,
    payloadHash: payloadHash as string,
    sessionToken: token,
  }
}

/** The names of the presign parameters that must each appear exactly once. */
const REQUIRED = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
] as const

/** The required presign parameters, or the name of the first missing, empty or repeated one. */
function readPresignParams(
  query: URLSearchParams,
): Record<(typeof REQUIRED)[number], string> | string {
  const out: Partial<Record<(typeof REQUIRED)[number], string>> = {}
  for (const name of REQUIRED) {
    const all = query.getAll(name)
    if (all.length !== 1 || all[0] === '') return name
    out[name] = all[0]!
  }
  return out as Record<(typeof REQUIRED)[number], string>
}

/** Reads the `X-Amz-*` presign query parameters. */
export function claimPresignSigV4(query: URLSearchParams): ClaimSigV4 | VerifyFailureSigV4 {
  const malformed = (message: string) => failureSigV4('malformed-presign', message)
  const params = readPresignParams(query)
  if (typeof params === 'string') {
    return malformed(`a presigned URL needs exactly one non-empty ${params}`)
  }
  if (params['X-Amz-Algorithm'] !== SIGV4_ALGORITHM) {
    return malformed(`X-Amz-Algorithm must be ${SIGV4_ALGORITHM}`)
  }
  const credential = parseCredential(params['X-Amz-Credential'])
  const amzDate = params['X-Amz-Date']
  const date = parseAmzDate(amzDate)
  const signedHeaders = parseSignedHeaders(params['X-Amz-SignedHeaders'])
  const signature = params['X-Amz-Signature']
  if (!credential) return malformed('X-Amz-Credential is not AK/day/region/service/aws4_request')
  if (!date) return malformed('X-Amz-Date is not YYYYMMDDTHHMMSSZ')
  if (credential.day !== amzDate.slice(0, 8)) {
    return malformed('the credential date is not the day of X-Amz-Date')
  }
  const expires = params['X-Amz-Expires']
  if (!/^[1-9]\d{0,5}$/.test(expires) || Number(expires) > MAX_PRESIGN_EXPIRES) {
    return malformed('X-Amz-Expires must be a number of seconds from 1 to 604800')
  }
  if (!signedHeaders) return malformed('X-Amz-SignedHeaders is not sorted lower-case names')
  if (!/^[0-9a-f]{64}$/.test(signature)) return malformed('X-Amz-Signature is not 64 hex digits')
  const tokens = query.getAll('X-Amz-Security-Token')
  if (tokens.length > 1 || tokens[0] === '') {
    return malformed('X-Amz-Security-Token is empty or repeated')
  }
  return {
    method: 'presigned',
    credential,
    signedHeaders,
    signature,
    amzDate,
    date,
    expiresIn: Number(expires),
    payloadHash: UNSIGNED_PAYLOAD,
    sessionToken: tokens[0],
  }
}
