import type { IncomingMessage } from 'node:http'
import { verifyRequestSigV4 } from '@jss/signer'
import type { AuthOptions } from './authenticate.js'
import { JssLocalServiceError, serviceError } from './errors.js'
import type { RequestTarget } from './resolve-target.js'

/** What an authenticated S3-dialect request signed. */
export interface S3Authorization {
  readonly accessKey: string
  /** `UNSIGNED-PAYLOAD`, or the hex SHA-256 the body must have. */
  readonly payloadHash: string
}

/**
 * Checks the AWS Signature Version 4 of a request (header or presigned URL) strictly with
 * `@jss/signer`'s `verifyRequestSigV4`, against the very resource the request was routed to
 * (`target.routed`, with its addressing), with the same secrets, clock and skew as the JSS dialect
 * and this server's region (service `s3`). Throws the S3 error `verifyRequestSigV4` names
 * (AccessDenied, AuthorizationHeaderMalformed, SignatureDoesNotMatch, RequestTimeTooSkewed, …);
 * a mismatch carries the server's StringToSign and CanonicalRequest, like S3.
 */
export async function authenticateS3(
  req: IncomingMessage,
  target: RequestTarget,
  options: AuthOptions,
): Promise<S3Authorization> {
  let result: Awaited<ReturnType<typeof verifyRequestSigV4>>
  try {
    result = await verifyRequestSigV4(
      {
        method: req.method ?? 'GET',
        headers: req.headersDistinct,
        resource: target.routed,
        addressing: target.virtualHost ? 'virtual-host' : 'path',
      },
      {
        lookupSecret: (accessKey) => options.secrets.get(accessKey),
        region: options.region,
        service: 's3',
        now: options.now(),
        maxSkewMs: options.maxSkewMs,
        // aws-chunked bodies are decoded by `openUploadBody` (unsigned chunks) or refused (signed).
        acceptStreamingPayloads: true,
      },
    )
  } catch (error) {
    throw serviceError(400, 'InvalidArgument', `The request cannot be verified: ${String(error)}`)
  }
  if (result.ok) return { accessKey: result.accessKey, payloadHash: result.payloadHash }
  const details: Record<string, string> = {}
  if (result.accessKey !== undefined) details.AWSAccessKeyId = result.accessKey
  if (result.reason === 'mismatch') {
    if (result.stringToSign !== undefined) details.StringToSign = result.stringToSign
    if (result.canonicalRequest !== undefined) details.CanonicalRequest = result.canonicalRequest
  }
  throw new JssLocalServiceError(result.status, result.code, result.message, {}, details)
}
