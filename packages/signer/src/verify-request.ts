import { isAddressableKey } from './check-key.js'
import { type CollectedHeaders, collectHeaders } from './collect-headers.js'
import { InvalidArgumentError } from './errors.js'
import { findSignedString } from './hmac-sha1.js'
import { parseHttpDate } from './http-date.js'
import type { RequestResource } from './parse-request-target.js'
import { type Claim, claimHeader, claimPresign } from './read-claim.js'
import { canonicalPath } from './resource-path.js'
import { joinStringToSign } from './string-to-sign.js'
import {
  canonicalizedSubResources,
  checkSubResources,
  type SubResourceOrder,
} from './sub-resources.js'
import type { HeadersInput } from './types.js'
import { checkMethod } from './validate.js'
import {
  failure,
  type VerifyFailure,
  type VerifyOptions,
  type VerifyResult,
} from './verify-result.js'

/**
 * A request as a server received and routed it: the method, the headers, and the resource it
 * acts on. Take `resource` from `parseRequestTarget` (or build it from the same facts the server
 * routes on); never from a URL rebuilt from the Host header.
 */
export interface VerifiableRequest {
  /** The HTTP method as received. @example 'PUT' */
  readonly method: string
  /** The headers as received (Node's `req.headersDistinct` fits). @default {} */
  readonly headers?: HeadersInput | undefined
  /**
   * The resource the server will act on: bucket, key (decoded, verbatim) and the raw query.
   * @example parseRequestTarget(req.url, { bucket: virtualHostBucket })
   */
  readonly resource: RequestResource
}

function checkOptions(options: VerifyOptions): number {
  if (
    typeof options !== 'object' ||
    options === null ||
    typeof options.lookupSecret !== 'function'
  ) {
    throw new InvalidArgumentError('options', 'must be an object with a lookupSecret function')
  }
  const now = options.now instanceof Date ? options.now.getTime() : (options.now ?? Date.now())
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new InvalidArgumentError('options.now', 'must be a valid Date or milliseconds')
  }
  const skew = options.maxSkewMs
  if (skew !== undefined && (typeof skew !== 'number' || !(skew >= 0))) {
    throw new InvalidArgumentError('options.maxSkewMs', 'must be a non-negative number')
  }
  return now
}

/** Checks a routed resource and returns its path part: `/bucket/key`, `/bucket` or `/`. */
function resourcePathOf(resource: RequestResource): string {
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
    throw new InvalidArgumentError(
      'request.resource.key',
      'must be a non-empty, well-formed string without "." or ".." segments',
    )
  }
  if (key !== undefined && bucket === undefined) {
    throw new InvalidArgumentError('request.resource.key', 'needs a bucket')
  }
  if (typeof query !== 'string') {
    throw new InvalidArgumentError('request.resource.query', 'must be a string (the raw query)')
  }
  checkSubResources(query)
  return canonicalPath(resource)
}

/** The orders the signed sub-resources are tried in: sorted, then as received. */
const ORDERS: readonly SubResourceOrder[] = ['sorted', 'received']

/**
 * The verifying side a server needs. It checks the signature against exactly the resource the
 * server routes (`request.resource`: bucket, key and signed sub-resources) and the method: no
 * Host header or path spelling can make it check one resource while the server acts on another.
 * It reads the Authorization header or the presign query, recomputes the signature over the
 * sorted sub-resources and, failing that, over the order received, compares in constant time,
 * then checks the clock. It throws only for invalid arguments; every problem of the request is a
 * `{ ok: false, reason, code, status, message }`.
 * @throws InvalidArgumentError, InvalidHeaderError, CryptoUnavailableError
 * @example
 * const resource = parseRequestTarget(req.url, { bucket: virtualHostBucket }) // route on this
 * const result = await verifyRequest(
 *   { method: req.method, headers: req.headersDistinct, resource },
 *   { lookupSecret: (ak) => secrets.get(ak) },
 * )
 * if (!result.ok) reply(result.status, result.code, result.message)
 */
export async function verifyRequest(
  request: VerifiableRequest,
  options: VerifyOptions,
): Promise<VerifyResult> {
  if (typeof request !== 'object' || request === null) {
    throw new InvalidArgumentError('request', 'must be an object { method, headers?, resource }')
  }
  const method = checkMethod(request.method)
  const path = resourcePathOf(request.resource)
  const now = checkOptions(options)
  const headers = collectHeaders(request.headers)
  const query = request.resource.query
  const claim = readClaim(headers, new URLSearchParams(query))
  if ('ok' in claim) return claim
  const { accessKey } = claim
  const secret = await options.lookupSecret(accessKey)
  if (typeof secret !== 'string' || secret === '') {
    return failure(
      'unknown-access-key',
      `the access key ${JSON.stringify(accessKey)} is not known`,
      { accessKey },
    )
  }
  const candidates = stringsToSign(method, headers, path, query, claim.time)
  const found = await findSignedString(secret, candidates, claim.mac)
  const stringToSign = candidates[Math.max(found, 0)]!
  if (found < 0) {
    return failure('mismatch', 'the signature does not match', { accessKey, stringToSign })
  }
  const late = checkClock(claim, now, options.maxSkewMs ?? 900_000, { accessKey, stringToSign })
  if (late) return late
  return { ok: true, accessKey, method: claim.method, order: ORDERS[found]!, stringToSign }
}

/** Reads who claims to have signed the request, from the Authorization header or the presign query. */
function readClaim(headers: CollectedHeaders, q: URLSearchParams): Claim | VerifyFailure {
  const presigned = q.has('AccessKey') || q.has('Signature') || q.has('Expires')
  const header = headers.has('authorization')
  if (header && (q.has('AccessKey') || q.has('Signature'))) {
    return failure(
      'ambiguous',
      'a request may not carry both an Authorization header and a URL signature',
    )
  }
  if (!header && !presigned) return failure('missing', 'the request is not signed')
  return header ? claimHeader(headers) : claimPresign(q)
}

/** The StringToSign in each of `ORDERS`, the second dropped when it is the same as the first. */
function stringsToSign(
  method: string,
  headers: CollectedHeaders,
  path: string,
  query: string,
  time: string,
): string[] {
  const candidates = ORDERS.map((order) =>
    joinStringToSign(method, headers, path + canonicalizedSubResources(query, order), {
      date: time,
    }),
  )
  if (candidates[1] === candidates[0]) candidates.pop()
  return candidates
}

/** Checks the clock of a correctly signed request: a presigned URL not expired, a Date not skewed. */
function checkClock(
  claim: Claim,
  now: number,
  maxSkewMs: number,
  extra: { readonly accessKey: string; readonly stringToSign: string },
): VerifyFailure | undefined {
  if (claim.method === 'presigned') {
    return now > Number(claim.time) * 1000
      ? failure('expired', `the URL expired at ${claim.time}`, extra)
      : undefined
  }
  const skew = Math.abs(now - parseHttpDate(claim.time)!.getTime())
  return skew > maxSkewMs
    ? failure('skewed', `the Date is ${Math.round(skew / 1000)} s from the server time`, extra)
    : undefined
}
