import type { CollectedHeaders } from '../collect-headers.js'

/**
 * Headers a signer never signs (they are rewritten or added on the way): the same set as the AWS
 * SDKs, plus every `proxy-*` and `sec-*` header.
 */
const UNSIGNABLE = new Set([
  'authorization',
  'cache-control',
  'connection',
  'expect',
  'from',
  'keep-alive',
  'max-forwards',
  'pragma',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
])

/**
 * Whether a signer signs this (lower-case) header name.
 * @example isSignableHeader('x-amz-date') // true
 * @example isSignableHeader('user-agent') // false
 */
export function isSignableHeader(lowerName: string): boolean {
  return !UNSIGNABLE.has(lowerName) && !/^(?:proxy|sec)-/.test(lowerName)
}

/** The names a signer signs among collected headers: lower-case, sorted. */
export function signableHeaderNames(headers: CollectedHeaders): string[] {
  return [...headers.keys()].filter(isSignableHeader).sort()
}

/** A header value as SigV4 signs it: each value trimmed, runs of spaces and tabs as one space, joined with `,`. */
export function canonicalHeaderValue(values: readonly string[]): string {
  return values.map((value) => value.replace(/[ \t]+/g, ' ').replace(/^ | $/g, '')).join(',')
}

/**
 * CanonicalHeaders: `name:value\n` for each name of `signedHeaders` (lower-case, in that order),
 * the value as `canonicalHeaderValue` gives it (`''` for a header not present).
 * @example canonicalHeaders(collectHeaders({ Host: 'h', 'My-H': ' a   b ' }), ['host', 'my-h']) // 'host:h\nmy-h:a b\n'
 */
export function canonicalHeaders(
  headers: CollectedHeaders,
  signedHeaders: readonly string[],
): string {
  return signedHeaders
    .map((name) => `${name}:${canonicalHeaderValue(headers.get(name)?.values ?? [])}\n`)
    .join('')
}
