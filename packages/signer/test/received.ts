import { parseRequestTarget } from '../src/parse-request-target.js'
import { parseUrl } from '../src/parse-url.js'
import type { SignableRequest } from '../src/types.js'
import type { VerifiableRequest } from '../src/verify-request.js'

/**
 * What a server receives for a request a client signed: the origin-form target of its URL, routed
 * virtual-host when `bucket` is given and the host is `bucket` or `bucket.…` (as the signer reads
 * it), path-style otherwise.
 */
export function received(request: SignableRequest): VerifiableRequest {
  const url = parseUrl(request.url)
  const bucket = request.bucket
  const host = url.hostname.toLowerCase()
  const lower = bucket?.toLowerCase()
  const virtual = lower !== undefined && (host === lower || host.startsWith(`${lower}.`))
  return {
    method: request.method,
    headers: request.headers,
    resource: parseRequestTarget(url.pathname + url.search, {
      bucket: virtual ? bucket : undefined,
    }),
  }
}
