/** The parts of an `Authorization: jingdong AK:SIG` header. */
export interface ParsedAuthorization {
  readonly accessKey: string
  readonly signature: string
}

const AUTHORIZATION = /^jingdong +([\x21-\x39\x3b-\x7e]+):([\x21-\x7e]+)$/i

/**
 * Parses `jingdong AK:SIG` (scheme case-insensitive, spaces around the value ignored);
 * `undefined` when the header has any other form.
 * @example parseAuthorization('jingdong AK:c2ln') // { accessKey: 'AK', signature: 'c2ln' }
 */
export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  if (typeof value !== 'string') return undefined
  const match = AUTHORIZATION.exec(value.replace(/^[ \t]+|[ \t]+$/g, ''))
  if (!match) return undefined
  return { accessKey: match[1]!, signature: match[2]! }
}
