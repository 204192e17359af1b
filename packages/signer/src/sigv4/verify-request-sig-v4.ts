import { isAddressableKey } from '../check-key.js'
import { type CollectedHeaders, collectHeaders } from '../collect-headers.js'
import { InvalidArgumentError } from '../errors.js'
import type { RequestResource } from '../parse-request-target.js'
import type { HeadersInput } from '../types.js'
import { checkMethod } from '../validate.js'
import { canonicalHeaders } from './canonical-headers.js'
import { canonicalQuery } from './canonical-query.js'
import { canonicalRequest } from './canonical-request.js'
import { checkScopePart, credentialScope } from './credential-scope.js'
import { fromHex, subtle, toBytes } from './hmac-sha256.js'
import { type ClaimSigV4, claimHeaderSigV4, claimPresignSigV4 } from './read-claim-sig-v4.js'
import { importSigningKey } from './signing-key.js'
import { stringToSignSigV4 } from './string-to-sign-sig-v4.js'
import { uriEncode } from './uri-encode.js'
import {
  type FailureExtraSigV4,
  failureSigV4,
  type VerifyFailureSigV4,
  type VerifyOptionsSigV4,
  type VerifyResultSigV4,
} from './verify-result-sig-v4.js'

/**
 * A request as a server received and routed it. Take `resource` from `parseRequestTarget` (the
 * same object the server routes on), never from a URL rebuilt from the Host header.
 */
export interface VerifiableRequestSigV4 {
  /** The HTTP method as received. @example 'PUT' */
  readonly method: string
  /** The headers as received (Node's `req.headersDistinct` fits). @default {} */
  readonly headers?: HeadersInput | undefined
  /**
   * The resource the server will act on: bucket, key (decoded) and the raw query.
   * @example parseRequestTarget(req.url, { bucket: virtualHostBucket })
   */
  readonly resource: RequestResource
  /**
   * How the request named the bucket, so the path it signed can be rebuilt: `path` (`/bucket/key`)
   * or `virtual-host` (the bucket in the Host header, the path `/key`).
   * @default 'path'
   */
  readonly addressing?: 'path' | 'virtual-host' | undefined
}

/** The checked options of `verifyRequestSigV4`. */
interface CheckedVerifyOptions {
  readonly now: number
  readonly maxSkewMs: number
  readonly region: string
  readonly service: string
  readonly acceptStreamingPayloads: boolean
}

/** Checks the options. */
function checkVerifyOptions(options: VerifyOptionsSigV4): CheckedVerifyOptions {
  if (
    typeof options !== 'object' ||
    options === null ||
    typeof options.lookupSecret !== 'function'
  ) {
    throw new InvalidArgumentError('options', 'must be an object with a lookupSecret function')
  }
  const region = checkScopePart(options.region, 'options.region')
  const service = checkScopePart(options.service ?? 's3', 'options.service')
  const now = options.now instanceof Date ? options.now.getTime() : (options.now ?? Date.now())
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new InvalidArgumentError('options.now', 'must be a valid Date or milliseconds')
  }
  const maxSkewMs = options.maxSkewMs ?? 900_000
  if (typeof maxSkewMs !== 'number' || !(maxSkewMs >= 0)) {
    throw new InvalidArgumentError('options.maxSkewMs', 'must be a non-negative number')
  }
  const acceptStreamingPayloads = options.acceptStreamingPayloads ?? false
  if (typeof acceptStreamingPayloads !== 'boolean') {
    throw new InvalidArgumentError('options.acceptStreamingPayloads', 'must be a boolean')
  }
  return { now, maxSkewMs, region, service, acceptStreamingPayloads }
}

/** Checks a routed resource and its addressing. */
function checkResource(request: VerifiableRequestSigV4): void {
  const { resource, addressing } = request
  if (typeof resource !== 'object' || resource === null) {
    throw new InvalidArgumentError('request.resource', 'must be { bucket, key, query }')
  }
  const { bucket, key, query } = resource
  if (bucket !== undefined && (typeof bucket !== 'string' || !/^[^/?#]+$/.test(bucket))) {
    throw new InvalidArgumentError(
      'request.resource.bucket',
      'must be a non-empty string without "/", "?" or "#"',
    )
  }
  if (key !== undefined && (typeof key !== 'string' || !isAddressableKey(key))) {
    throw new InvalidArgumentError('request.resource.key', 'must be an addressable key')
  }
  if (key !== undefined && bucket === undefined) {
    throw new InvalidArgumentError('request.resource.key', 'needs a bucket')
  }
  if (typeof query !== 'string') {
    throw new InvalidArgumentError('request.resource.query', 'must be a string (the raw query)')
  }
  if (addressing !== undefined && addressing !== 'path' && addressing !== 'virtual-host') {
    throw new InvalidArgumentError('request.addressing', 'must be "path" or "virtual-host"')
  }
}

/**
 * The CanonicalURIs a client may have signed for the routed resource, S3's way (each segment
 * encoded once): `/bucket/key` (path-style) or `/key` (virtual-host); a bucket alone as `/bucket`
 * or `/bucket/`.
 */
export function resourceUris(request: VerifiableRequestSigV4): string[] {
  const { bucket, key } = request.resource
  const encodedKey = key === undefined ? '' : uriEncode(key, { encodeSlash: false })
  if (request.addressing === 'virtual-host' || bucket === undefined) return [`/${encodedKey}`]
  const path = `/${uriEncode(bucket)}`
  return key === undefined ? [path, `${path}/`] : [`${path}/${encodedKey}`]
}

/** Reads the claim from the Authorization header or the presign query; refuses both or neither. */
function readClaim(
  headers: CollectedHeaders,
  query: URLSearchParams,
  streaming: boolean,
): ClaimSigV4 | VerifyFailureSigV4 {
  const presigned =
    query.has('X-Amz-Signature') || query.has('X-Amz-Credential') || query.has('X-Amz-Algorithm')
  const header = headers.has('authorization')
  if (header && presigned) {
    return failureSigV4(
      'ambiguous',
      'a request may not carry both an Authorization header and a URL signature',
    )
  }
  if (!header && !presigned) return failureSigV4('missing', 'the request is not signed')
  return header ? claimHeaderSigV4(headers, streaming) : claimPresignSigV4(query)
}

/** Checks what the claim signs: this server's scope, `host`, every `x-amz-*` header, each present. */
function checkClaim(
  claim: ClaimSigV4,
  headers: CollectedHeaders,
  checked: CheckedVerifyOptions,
): VerifyFailureSigV4 | undefined {
  const { accessKey, region, service } = claim.credential
  const extra = { accessKey }
  if (region !== checked.region || service !== checked.service) {
    return failureSigV4(
      'wrong-scope',
      `the credential is for ${region}/${service}; this server is ${checked.region}/${checked.service}`,
      extra,
    )
  }
  const signed = new Set(claim.signedHeaders)
  const unsigned = [...headers.keys()].filter((n) => n.startsWith('x-amz-') && !signed.has(n))
  if (!signed.has('host') || unsigned.length > 0) {
    const names = signed.has('host') ? unsigned.join(', ') : 'host'
    return failureSigV4('unsigned-header', `headers that must be signed are not: ${names}`, extra)
  }
  const absent = claim.signedHeaders.filter((name) => !headers.has(name))
  if (absent.length > 0) {
    const reason = claim.method === 'header' ? 'malformed-authorization' : 'malformed-presign'
    return failureSigV4(reason, `signed headers are missing: ${absent.join(', ')}`, extra)
  }
  return undefined
}

/** Checks the clock of a correctly signed request. */
function checkClock(
  claim: ClaimSigV4,
  checked: CheckedVerifyOptions,
  extra: FailureExtraSigV4,
): VerifyFailureSigV4 | undefined {
  const signedAt = claim.date.getTime()
  if (claim.expiresIn !== undefined && checked.now > signedAt + claim.expiresIn * 1000) {
    return failureSigV4(
      'expired',
      `the URL expired ${claim.expiresIn} s after ${claim.amzDate}`,
      extra,
    )
  }
  const skew =
    claim.expiresIn === undefined ? Math.abs(checked.now - signedAt) : signedAt - checked.now
  return skew > checked.maxSkewMs
    ? failureSigV4(
        'skewed',
        `X-Amz-Date is ${Math.round(skew / 1000)} s from the server time`,
        extra,
      )
    : undefined
}

/** A canonical request and the StringToSign built on it. */
interface Candidate {
  readonly canonicalRequest: string
  readonly stringToSign: string
}

/** The canonical request and StringToSign for each CanonicalURI the client may have signed. */
async function candidatesOf(
  method: string,
  request: VerifiableRequestSigV4,
  headers: CollectedHeaders,
  claim: ClaimSigV4,
): Promise<Candidate[]> {
  const { day, region, service } = claim.credential
  const omit = claim.method === 'presigned' ? ['X-Amz-Signature'] : []
  const parts = {
    method,
    query: canonicalQuery(request.resource.query, omit),
    headers: canonicalHeaders(headers, claim.signedHeaders),
    signedHeaders: claim.signedHeaders.join(';'),
    payloadHash: claim.payloadHash,
  }
  const scope = credentialScope(day, region, service)
  const out: Candidate[] = []
  for (const uri of resourceUris(request)) {
    const creq = canonicalRequest({ ...parts, uri })
    out.push({
      canonicalRequest: creq,
      stringToSign: await stringToSignSigV4(claim.amzDate, scope, creq),
    })
  }
  return out
}

/** The first candidate whose HMAC is the claimed signature (Web Crypto `verify`, constant time). */
async function findSigned(
  secret: string,
  claim: ClaimSigV4,
  candidates: readonly Candidate[],
): Promise<Candidate | undefined> {
  const { day, region, service } = claim.credential
  const key = await importSigningKey(secret, day, region, service)
  const mac = fromHex(claim.signature)!
  for (const candidate of candidates) {
    if (await subtle().verify('HMAC', key, mac, toBytes(candidate.stringToSign))) return candidate
  }
  return undefined
}

/**
 * The verifying side of AWS Signature Version 4 (header and presigned URL) for an S3-style server.
 * It checks the signature against exactly the resource the server routes (`request.resource`,
 * rebuilt S3's way with `request.addressing`) and the method: no Host header or path spelling can
 * make it check one resource while the server acts on another. It parses the Authorization header
 * or the `X-Amz-*` query strictly, refuses a credential for another region or service, requires
 * `host` and every `x-amz-*` header present to be signed, recomputes the signature, compares in
 * constant time, then checks the clock (skew, and expiry of presigned URLs). It throws only for
 * invalid arguments; every problem of the request is a `{ ok: false, reason, code, status, message }`.
 * A success gives the `payloadHash` signed: unless it is `UNSIGNED-PAYLOAD`, the server must check
 * the body against it.
 * @throws InvalidArgumentError, InvalidHeaderError, CryptoUnavailableError
 * @example
 * const resource = parseRequestTarget(req.url, { bucket: virtualHostBucket }) // route on this
 * const result = await verifyRequestSigV4(
 *   { method: req.method, headers: req.headersDistinct, resource, addressing: virtualHostBucket ? 'virtual-host' : 'path' },
 *   { lookupSecret: (ak) => secrets.get(ak), region: 'us-east-1' },
 * )
 * if (!result.ok) reply(result.status, result.code, result.message)
 */
export async function verifyRequestSigV4(
  request: VerifiableRequestSigV4,
  options: VerifyOptionsSigV4,
): Promise<VerifyResultSigV4> {
  if (typeof request !== 'object' || request === null) {
    throw new InvalidArgumentError('request', 'must be an object { method, headers?, resource }')
  }
  const method = checkMethod(request.method)
  checkResource(request)
  const checked = checkVerifyOptions(options)
  const headers = collectHeaders(request.headers)
  const claim = readClaim(
    headers,
    new URLSearchParams(request.resource.query),
    checked.acceptStreamingPayloads,
  )
  if ('ok' in claim) return claim
  const refused = checkClaim(claim, headers, checked)
  if (refused) return refused
  const { accessKey } = claim.credential
  const secret = await options.lookupSecret(accessKey)
  if (typeof secret !== 'string' || secret === '') {
    return failureSigV4(
      'unknown-access-key',
      `the access key ${JSON.stringify(accessKey)} is not known`,
      { accessKey },
    )
  }
  const candidates = await candidatesOf(method, request, headers, claim)
  const found = await findSigned(secret, claim, candidates)
  const extra = { accessKey, ...(found ?? candidates[0]!) }
  if (!found) return failureSigV4('mismatch', 'the signature does not match', extra)
  const late = checkClock(claim, checked, extra)
  if (late) return late
  return {
    ok: true,
    accessKey,
    method: claim.method,
    sessionToken: claim.sessionToken,
    payloadHash: claim.payloadHash,
    signedHeaders: claim.signedHeaders,
    ...found,
  }
}
