import { Readable } from 'node:stream'
import { signRequest } from '@jss/signer'
import type { JssLocal } from 'jss-local'
import { request } from 'undici'
import type { JssServiceError } from '../src/errors.js'
import { readServiceError } from '../src/read-service-error.js'
import { flattenHeaders } from '../src/response.js'

/**
 * Sends a request the client would never send (over a real socket, with undici) and maps the answer
 * with the client's own error reader.
 */
export async function rawError(
  jss: JssLocal,
  init: {
    method: string
    url: string
    headers?: Record<string, string>
    sign?: boolean
    body?: AsyncIterable<Uint8Array>
  },
): Promise<JssServiceError> {
  const url = init.url.startsWith('http') ? init.url : `${jss.endpoint}${init.url}`
  const headers = init.sign
    ? await signRequest({ method: init.method, url, headers: init.headers ?? {} }, jss.credentials)
    : (init.headers ?? {})
  const res = await request(url, {
    method: init.method as 'GET',
    headers,
    body: init.body ? Readable.from(init.body) : null,
  })
  const flat = flattenHeaders(res.headers)
  return readServiceError(
    {
      statusCode: res.statusCode,
      headers: flat,
      requestId: flat['x-jss-request-id'],
      body: res.body,
      resource: new URL(url).pathname,
    },
    init.method,
  )
}
