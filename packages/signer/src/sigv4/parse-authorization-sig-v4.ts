/** The parts of a SigV4 credential: `AK/day/region/service/aws4_request`. */
export interface ParsedCredential {
  readonly accessKey: string
  /** @example '20130524' */
  readonly day: string
  readonly region: string
  readonly service: string
}

/** The parts of an `Authorization: AWS4-HMAC-SHA256 …` header. */
export interface ParsedAuthorizationSigV4 {
  readonly credential: ParsedCredential
  /** Lower-case, sorted, unique. @example ['host', 'x-amz-date'] */
  readonly signedHeaders: readonly string[]
  /** 64 lower-case hex digits. */
  readonly signature: string
}

const CREDENTIAL =
  /^([\x21-\x2b\x2d\x2e\x30-\x3a\x3c\x3e-\x7e]+)\/(\d{8})\/([A-Za-z0-9._-]+)\/([A-Za-z0-9._-]+)\/aws4_request$/
const HEADER_NAME = /^[a-z0-9!#$%&'*+\-.^_`|~]+$/
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^\s,]+), ?SignedHeaders=([^\s,]+), ?Signature=([0-9a-f]{64})$/

/**
 * Parses a credential `AK/day/region/service/aws4_request`; `undefined` for any other form.
 * @example parseCredential('AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request') // { accessKey: 'AKIDEXAMPLE', day: '20150830', region: 'us-east-1', service: 'iam' }
 */
export function parseCredential(value: string): ParsedCredential | undefined {
  const match = typeof value === 'string' ? CREDENTIAL.exec(value) : null
  if (!match) return undefined
  return { accessKey: match[1]!, day: match[2]!, region: match[3]!, service: match[4]! }
}

/**
 * Parses SignedHeaders (`host;x-amz-date`): lower-case names, sorted, each once; `undefined` for
 * any other form.
 */
export function parseSignedHeaders(value: string): string[] | undefined {
  if (typeof value !== 'string') return undefined
  const names = value.split(';')
  const ok = names.every((name, i) => HEADER_NAME.test(name) && (i === 0 || names[i - 1]! < name))
  return ok ? names : undefined
}

/**
 * Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` strictly: that algorithm,
 * the three parts in that order, each once, separated by `,` and at most one space, a well-formed
 * credential, signed headers lower-case, sorted and unique, a signature of 64 lower-case hex digits
 * (spaces around the whole value ignored); `undefined` for anything else.
 * @example parseAuthorizationSigV4('AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=' + 'a'.repeat(64))?.signedHeaders // ['host', 'x-amz-date']
 */
export function parseAuthorizationSigV4(value: string): ParsedAuthorizationSigV4 | undefined {
  if (typeof value !== 'string') return undefined
  const match = AUTHORIZATION.exec(value.replace(/^[ \t]+|[ \t]+$/g, ''))
  if (!match) return undefined
  const credential = parseCredential(match[1]!)
  const signedHeaders = parseSignedHeaders(match[2]!)
  if (!credential || !signedHeaders) return undefined
  return { credential, signedHeaders, signature: match[3]! }
}
