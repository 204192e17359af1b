import { uriEncode } from './uri-encode.js'

/**
 * CanonicalQueryString: the parameters of a query (`?a=1&b`, read as `URLSearchParams` reads it,
 * so `+` is a space), names and values `uriEncode`d, sorted by name then value, joined with `&`;
 * a parameter without a value is `name=`. Parameters named in `omit` are left out.
 * @example canonicalQuery('?prefix=J&max-keys=2') // 'max-keys=2&prefix=J'
 * @example canonicalQuery('?lifecycle') // 'lifecycle='
 */
export function canonicalQuery(
  query: string | URLSearchParams,
  omit: readonly string[] = [],
): string {
  const params = typeof query === 'string' ? new URLSearchParams(query) : query
  const pairs: [string, string][] = []
  params.forEach((value, name) => {
    if (!omit.includes(name)) pairs.push([uriEncode(name), uriEncode(value)])
  })
  pairs.sort(([an, av], [bn, bv]) => compare(an, bn) || compare(av, bv))
  return pairs.map(([name, value]) => `${name}=${value}`).join('&')
}

/** Orders two encoded (ASCII) strings by code unit, which is their byte order. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
