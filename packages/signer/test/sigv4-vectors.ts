import { readFileSync } from 'node:fs'

/** One case of the AWS SigV4 test suite: the request (path raw, query decoded) and its Authorization. */
export interface SuiteCase {
  readonly name: string
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
  readonly authorization: string
}

interface Common {
  readonly source: unknown
  readonly credentials: { readonly accessKey: string; readonly secretKey: string }
  readonly region: string
  readonly service: string
  readonly date: string
}

export interface Suite extends Common {
  readonly cases: readonly SuiteCase[]
}

export interface S3HeaderExample {
  readonly name: string
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly payloadHash?: string
  readonly body?: string
  readonly canonicalRequest: string
  readonly stringToSign?: string
  readonly signature: string
  readonly authorization?: string
}

export interface S3PresignExample {
  readonly name: string
  readonly method: string
  readonly url: string
  readonly expiresIn: number
  readonly canonicalRequest: string
  readonly signature: string
  readonly presignedUrl: string
}

export interface S3Examples extends Common {
  readonly header: readonly S3HeaderExample[]
  readonly presign: readonly S3PresignExample[]
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./vectors/sigv4/${name}`, import.meta.url), 'utf8')) as T
}

export const loadSuite = (): Suite => load<Suite>('aws-sig-v4-test-suite.json')
export const loadS3Examples = (): S3Examples => load<S3Examples>('s3-examples.json')

/** The URL of a suite case: its raw path and its query encoded in insertion order. */
export function suiteUrl(c: SuiteCase): string {
  const query = Object.entries(c.query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&')
  return `https://${c.headers.host}${c.path}${query ? `?${query}` : ''}`
}

/** A path-normalisation case: the raw path of the request line, and the rules it was signed with. */
export interface NormalizeCase {
  readonly name: string
  readonly source: string
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly normalizePath: boolean
  readonly authorization: string
}

export interface NormalizeSuite extends Common {
  readonly cases: readonly NormalizeCase[]
}

export const loadNormalizeSuite = (): NormalizeSuite =>
  load<NormalizeSuite>('aws-c-auth-normalize.json')
