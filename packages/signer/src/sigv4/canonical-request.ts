/** The six parts of a SigV4 canonical request, each already canonical. */
export interface CanonicalRequestParts {
  /** Upper-case. @example 'GET' */
  readonly method: string
  /** @example '/test.txt' */
  readonly uri: string
  /** @example 'max-keys=2&prefix=J' */
  readonly query: string
  /** `name:value\n` lines. @example 'host:examplebucket.s3.amazonaws.com\n' */
  readonly headers: string
  /** @example 'host;x-amz-date' */
  readonly signedHeaders: string
  /** @example 'UNSIGNED-PAYLOAD' */
  readonly payloadHash: string
}

/**
 * CanonicalRequest: method, URI, query, headers (each line ending `\n`), signed headers and payload
 * hash, joined with `\n`.
 * @example canonicalRequest({ method: 'GET', uri: '/', query: '', headers: 'host:h\n', signedHeaders: 'host', payloadHash: 'UNSIGNED-PAYLOAD' }) // 'GET\n/\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD'
 */
export function canonicalRequest(parts: CanonicalRequestParts): string {
  const { method, uri, query, headers, signedHeaders, payloadHash } = parts
  return `${method}\n${uri}\n${query}\n${headers}\n${signedHeaders}\n${payloadHash}`
}
