import { InvalidArgumentError } from './errors.js'

/** The query parameters that are signed (contract §1); every other parameter is not. */
export const SIGNED_SUB_RESOURCES: readonly string[] = Object.freeze([
  'acl',
  'cacheControl',
  'contentDisposition',
  'contentEncoding',
  'contentLanguage',
  'contentType',
  'lifecycle',
  'location',
  'logging',
  'partNumber',
  'policy',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'website',
])

const SIGNED = new Set(SIGNED_SUB_RESOURCES)

/**
 * A query: a raw string (with or without `?`, decoded as `URLSearchParams` does), `[name, value]`
 * pairs (a `URLSearchParams` fits) or a record. A value `''`, `null` or `undefined` is valueless.
 */
export type QueryInput =
  | string
  | Iterable<readonly [string, string]>
  | Readonly<Record<string, string | number | null | undefined>>

/** The order of the signed sub-resources: sorted by name [DECIDED], or as received. */
export type SubResourceOrder = 'sorted' | 'received'

function toPairs(query: QueryInput): [string, string][] {
  if (typeof query === 'string') {
    const pairs: [string, string][] = []
    new URLSearchParams(query).forEach((value, name) => {
      pairs.push([name, value])
    })
    return pairs
  }
  if (typeof query !== 'object' || query === null) {
    throw new InvalidArgumentError('query', 'must be a string, pairs or a record')
  }
  if (Symbol.iterator in query) {
    return [...(query as Iterable<readonly [unknown, unknown]>)].map(([n, v]) => [
      String(n),
      v === undefined || v === null ? '' : String(v),
    ])
  }
  return Object.entries(query).map(([n, v]) => [n, v === undefined || v === null ? '' : String(v)])
}

/**
 * The sub-resource part of CanonicalizedResource: the signed parameters present, decoded, as
 * `?k1=v1&k2`, a valueless (or empty) parameter without `=`; `''` when none is present.
 * @example canonicalizedSubResources('uploadId=ID&partNumber=3&max-parts=9') // '?partNumber=3&uploadId=ID'
 */
export function canonicalizedSubResources(
  query: QueryInput | undefined,
  order: SubResourceOrder = 'sorted',
): string {
  if (query === undefined) return ''
  const signed = toPairs(query).filter(([name]) => SIGNED.has(name))
  if (order === 'sorted') signed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  if (signed.length === 0) return ''
  return `?${signed.map(([n, v]) => (v === '' ? n : `${n}=${v}`)).join('&')}`
}

/**
 * Throws unless every signed sub-resource of `query` appears once, and its value (decoded) has no
 * control character and no `&`: otherwise one signed string could stand for two different
 * requests (`uploadId=a%26partNumber%3D9` against `uploadId=a&partNumber=9` in the order
 * received), or a server could be handed a NUL.
 * @throws InvalidArgumentError naming the parameter
 * @example checkSubResources('uploadId=ID&uploadId=other') // throws: repeated
 */
export function checkSubResources(query: QueryInput): void {
  const seen = new Set<string>()
  for (const [name, value] of toPairs(query)) {
    if (!SIGNED.has(name)) continue
    if (seen.has(name)) {
      throw new InvalidArgumentError(`query parameter ${name}`, 'is repeated')
    }
    seen.add(name)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
    if (/[\u0000-\u001f\u007f&]/.test(value)) {
      throw new InvalidArgumentError(
        `query parameter ${name}`,
        'has a control character or "&" in its value',
      )
    }
  }
}
