import { type CollectedHeaders, collectHeaders, headerValue } from './collect-headers.js'
import type { HeadersInput } from './types.js'

/** CanonicalizedHeaders of headers already collected. */
export function canonicalizeCollected(headers: CollectedHeaders): string {
  const names = [...headers.keys()].filter((name) => name.startsWith('x-jss-'))
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  let out = ''
  for (const name of names) out += `${name}:${headerValue(headers, name)}\n`
  return out
}

/**
 * CanonicalizedHeaders (contract §1): every `x-jss-*` header, name lower-cased, value trimmed,
 * repeated names joined with `,`, sorted by name, each as `name:value\n`; `''` when there are none.
 * @example canonicalizedHeaders({ 'X-JSS-Meta-B': ' 2 ', 'x-jss-a': '1' }) // 'x-jss-a:1\nx-jss-meta-b:2\n'
 */
export function canonicalizedHeaders(headers: HeadersInput | undefined): string {
  return canonicalizeCollected(collectHeaders(headers))
}
