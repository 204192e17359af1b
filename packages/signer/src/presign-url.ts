import { collectHeaders } from './collect-headers.js'
import { InvalidArgumentError } from './errors.js'
import { signString } from './hmac-sha1.js'
import { parseUrl } from './parse-url.js'
import { buildStringToSign, expirySeconds } from './string-to-sign.js'
import type { Credentials, SignableRequest } from './types.js'
import { checkCredentials, checkRequest } from './validate.js'

/** A request to presign: the request a URL holder will send, and when the URL expires. */
export interface PresignableRequest extends SignableRequest {
  /**
   * The absolute expiry: a Date or UNIX seconds.
   * @example new Date(Date.now() + 15 * 60_000)
   */
  readonly expires: Date | number
}

const PRESIGN_PARAMS = ['Expires', 'AccessKey', 'Signature']

/**
 * Presigns a URL (contract §2): returns the URL (fragment dropped) with
 * `Expires=…&AccessKey=…&Signature=…` appended, each URL-encoded. `Content-MD5`, `Content-Type`
 * and `x-jss-*` in `headers` are signed: whoever uses the URL must send the same values.
 * @throws InvalidArgumentError, InvalidCredentialsError, InvalidHeaderError, InvalidUrlError, InvalidDateError, CryptoUnavailableError
 * @example
 * const url = await presignUrl(
 *   { method: 'GET', url: 'https://my-bucket.s.jcloud.com/index.html', bucket: 'my-bucket', expires: new Date(Date.now() + 3_600_000) },
 *   { accessKey: 'AK', secretKey: 'SK' },
 * )
 */
export async function presignUrl(
  request: PresignableRequest,
  credentials: Credentials,
): Promise<string> {
  checkRequest(request)
  checkCredentials(credentials)
  const expires = expirySeconds(request.expires)
  const headers = collectHeaders(request.headers)
  const url = parseUrl(request.url, undefined)
  if (typeof request.url === 'string' && request.url.startsWith('/')) {
    throw new InvalidArgumentError('request.url', 'must be an absolute URL to presign')
  }
  for (const name of PRESIGN_PARAMS) {
    if (url.searchParams.has(name)) {
      throw new InvalidArgumentError('request.url', `already has a ${name} parameter`)
    }
  }
  const toSign = buildStringToSign(request, headers, { expires })
  const signature = await signString(credentials.secretKey, toSign)
  url.hash = ''
  const base = url.href.endsWith('?') ? url.href.slice(0, -1) : url.href
  const params = `Expires=${expires}&AccessKey=${encodeURIComponent(credentials.accessKey)}&Signature=${encodeURIComponent(signature)}`
  return `${base}${url.search ? '&' : '?'}${params}`
}
