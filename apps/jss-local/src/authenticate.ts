import type { IncomingMessage } from 'node:http'
import { verifyRequest } from '@jss/signer'
import { JssLocalServiceError, serviceError } from './errors.js'
import type { RequestTarget } from './resolve-target.js'

/** How requests are authenticated. */
export interface AuthOptions {
  /** Access key → secret key. */
  readonly secrets: ReadonlyMap<string, string>
  /** The server clock in milliseconds. */
  readonly now: () => number
  /** @default 900_000 */
  readonly maxSkewMs: number
  /** The region of the S3 dialect's credential scope. @default 'us-east-1' */
  readonly region: string
}

/**
 * Checks the header or presigned signature of a request strictly with `@jss/signer`, against the
 * very resource the request was routed to (`target.routed`), throwing the
 * contract's error (AccessDenied, InvalidToken, InvalidURI, InvalidArgument, InvalidAccessKeyId,
 * SignatureDoesNotMatch, ExpiredToken, RequestTimeTooSkewed). Returns the access key.
 */
export async function authenticate(
  req: IncomingMessage,
  target: RequestTarget,
  options: AuthOptions,
): Promise<string> {
  let result: Awaited<ReturnType<typeof verifyRequest>>
  try {
    result = await verifyRequest(
      { method: req.method ?? 'GET', headers: req.headersDistinct, resource: target.routed },
      {
        lookupSecret: (accessKey) => options.secrets.get(accessKey),
        now: options.now(),
        maxSkewMs: options.maxSkewMs,
      },
    )
  } catch (error) {
    throw serviceError(400, 'InvalidArgument', `The request cannot be verified: ${String(error)}`)
  }
  if (result.ok) return result.accessKey
  const headers: Record<string, string> = {}
  if (result.stringToSign !== undefined && result.reason === 'mismatch') {
    // Like S3's StringToSignBytes: helps find a canonicalisation bug on the client side.
    headers['x-jss-string-to-sign'] = encodeURIComponent(result.stringToSign)
  }
  throw new JssLocalServiceError(result.status, result.code, result.message, headers)
}
