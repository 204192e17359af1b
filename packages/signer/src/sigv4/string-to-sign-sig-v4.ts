import { SIGV4_ALGORITHM } from './credential-scope.js'
import { sha256Hex } from './hmac-sha256.js'

/**
 * The SigV4 StringToSign: `AWS4-HMAC-SHA256\n` + X-Amz-Date + `\n` + credential scope + `\n` +
 * hex SHA-256 of the canonical request.
 * @example await stringToSignSigV4('20130524T000000Z', '20130524/us-east-1/s3/aws4_request', creq) // 'AWS4-HMAC-SHA256\n20130524T000000Z\n…'
 */
export async function stringToSignSigV4(
  amzDate: string,
  scope: string,
  canonicalRequest: string,
): Promise<string> {
  return `${SIGV4_ALGORITHM}\n${amzDate}\n${scope}\n${await sha256Hex(canonicalRequest)}`
}
