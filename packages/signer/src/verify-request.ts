import { collectHeaders, headerValue } from './collect-headers.js'
import { InvalidArgumentError, InvalidUrlError } from './errors.js'
import { findSignedString } from './hmac-sha1.js'
import { parseHttpDate } from './http-date.js'
import { parseUrl } from './parse-url.js'
import { claimHeader, claimPresign } from './read-claim.js'
import { buildStringToSign } from './string-to-sign.js'
import type { SubResourceOrder } from './sub-resources.js'
import type { SignableRequest } from './types.js'
import { checkRequest } from './validate.js'
import { failure, type VerifyOptions, type VerifyResult } from './verify-result.js'

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

/**
 * The verifying side a server needs: reads the Authorization header or the presign query,
 * recomputes the signature over the sorted sub-resources and, failing that, over the order
 * received, compares in constant time, then checks the clock. It throws only for invalid
 * arguments; every problem of the request is a `{ ok: false, reason, code, status, message }`.
 * @throws InvalidArgumentError, InvalidHeaderError, InvalidUrlError, CryptoUnavailableError
 * @example
 * const result = await verifyRequest(
 *   { method: req.method, url: req.url, headers: req.headers, bucket },
 *   { lookupSecret: (ak) => secrets.get(ak) },
 * )
 * if (!result.ok) reply(result.status, result.code, result.message)
 */
export async function verifyRequest(
  request: SignableRequest,
  options: VerifyOptions,
): Promise<VerifyResult> {
  checkRequest(request)
  const now = checkOptions(options)
  const headers = collectHeaders(request.headers)
  const url = parseUrl(request.url, headerValue(headers, 'host'))
  const q = url.searchParams
  const presigned = q.has('AccessKey') || q.has('Signature') || q.has('Expires')
  const header = headers.has('authorization')
  if (header && (q.has('AccessKey') || q.has('Signature'))) {
    return failure(
      'ambiguous',
      'a request may not carry both an Authorization header and a URL signature',
    )
  }
  if (!header && !presigned) return failure('missing', 'the request is not signed')
  const claim = header ? claimHeader(headers) : claimPresign(q)
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
  const orders: SubResourceOrder[] = ['sorted', 'received']
  let candidates: string[]
  try {
    candidates = orders.map((order) =>
      buildStringToSign(request, headers, { date: claim.time, order }),
    )
  } catch (error) {
    if (!(error instanceof InvalidUrlError)) throw error
    return failure('mismatch', error.message, { accessKey })
  }
  if (candidates[1] === candidates[0]) candidates.pop()
  const found = await findSignedString(secret, candidates, claim.mac)
  const stringToSign = candidates[Math.max(found, 0)]!
  if (found < 0) {
    return failure('mismatch', 'the signature does not match', { accessKey, stringToSign })
  }
  if (claim.method === 'presigned') {
    if (now > Number(claim.time) * 1000) {
      return failure('expired', `the URL expired at ${claim.time}`, { accessKey, stringToSign })
    }
  } else {
    const skew = Math.abs(now - parseHttpDate(claim.time)!.getTime())
    if (skew > (options.maxSkewMs ?? 900_000)) {
      return failure('skewed', `the Date is ${Math.round(skew / 1000)} s from the server time`, {
        accessKey,
        stringToSign,
      })
    }
  }
  return { ok: true, accessKey, method: claim.method, order: orders[found]!, stringToSign }
}
