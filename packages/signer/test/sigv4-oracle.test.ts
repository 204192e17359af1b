import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import type { SignatureV4 as SignatureV4Type } from '@smithy/signature-v4'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isSignableHeader, presignUrlSigV4, signRequestSigV4 } from '../src/index.js'

// `@smithy/signature-v4` (the AWS SDK's signer, a devDependency only) as the oracle: for random
// requests, both sign alike. Smithy is given the raw (decoded) path with `uriEscapePath`, which for
// paths without empty or dot segments is S3's CanonicalURI; this signer is given the URL a client
// would build, spelled with `encodeURIComponent`.

// Loaded as CommonJS: their ES builds import without file extensions, which Node refuses.
const require = createRequire(import.meta.url)
const { SignatureV4 } = require('@smithy/signature-v4') as typeof import('@smithy/signature-v4')
const { Sha256 } = require('@aws-crypto/sha256-js') as typeof import('@aws-crypto/sha256-js')

const numRuns = 200
const ALPHABET = [...'aZ09-._~ !$&\'()*+,;=:@%?#[]^`{|}"<>\\', 'é', 'ሴ', '😀', '\t']
const text = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...ALPHABET), minLength, maxLength })
const segment = text(1, 8).filter((s) => s !== '.' && s !== '..')
const RESERVED = new Set(['host', 'x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token'])
const headerName = fc
  .stringMatching(/^[a-z][a-z0-9-]{0,12}$/)
  .filter((n) => isSignableHeader(n) && !RESERVED.has(n))
const headerValue = fc.stringMatching(/^[ \t]?[!-~]([ !-~\t]{0,12}[!-~])?[ \t]?$/)

const requestArb = fc.record({
  method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'PATCH'),
  host: fc.constantFrom(
    'examplebucket.s3.amazonaws.com',
    's3.us-west-2.amazonaws.com',
    '127.0.0.1:9000',
  ),
  segments: fc.array(segment, { maxLength: 4 }),
  trailingSlash: fc.boolean(),
  query: fc.array(fc.tuple(text(1, 6), text(0, 6)), { maxLength: 4 }),
  headers: fc.uniqueArray(fc.tuple(headerName, headerValue), {
    maxLength: 4,
    selector: ([name]) => name,
  }),
  region: fc.stringMatching(/^[a-z]{2}-[a-z]{4,9}-[1-9]$/),
  service: fc.constantFrom('s3', 's3-object-lambda', 'execute-api', 'iam'),
  date: fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2099, 11, 31) / 1000 }),
  payload: fc.oneof(
    fc.constant({ kind: 'unsigned' as const }),
    fc.record({ kind: fc.constant('body' as const), body: text(0, 20) }),
  ),
  sessionToken: fc.option(fc.stringMatching(/^[A-Za-z0-9+/=]{1,40}$/), { nil: undefined }),
})

type Generated = typeof requestArb extends fc.Arbitrary<infer T> ? T : never

const credentialsOf = (g: Generated) => ({
  accessKey: 'AKIDORACLE',
  secretKey: 'oracle/secret+KEY',
  sessionToken: g.sessionToken,
})

function rawPath(g: Generated): string {
  return `/${g.segments.join('/')}${g.trailingSlash && g.segments.length > 0 ? '/' : ''}`
}

function urlOf(g: Generated): string {
  const path = `/${g.segments.map(encodeURIComponent).join('/')}${g.trailingSlash && g.segments.length > 0 ? '/' : ''}`
  const query = g.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
  return `https://${g.host}${path}${query.length ? `?${query.join('&')}` : ''}`
}

function smithyQuery(g: Generated): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {}
  for (const [k, v] of g.query) {
    const prior = query[k]
    query[k] = prior === undefined ? v : [...(Array.isArray(prior) ? prior : [prior]), v]
  }
  return query
}

function smithyOf(g: Generated): SignatureV4Type {
  const { accessKey, secretKey, sessionToken } = credentialsOf(g)
  return new SignatureV4({
    credentials: {
      accessKeyId: accessKey,
      secretAccessKey: secretKey,
      ...(sessionToken === undefined ? {} : { sessionToken }),
    },
    region: g.region,
    service: g.service,
    sha256: Sha256,
    uriEscapePath: true,
    applyChecksum: false,
  })
}

function smithyRequest(g: Generated, payloadHash: string) {
  const [hostname, port] = g.host.split(':')
  return {
    method: g.method,
    protocol: 'https:',
    hostname: hostname!,
    ...(port ? { port: Number(port) } : {}),
    path: rawPath(g),
    query: smithyQuery(g),
    headers: {
      host: g.host,
      ...Object.fromEntries(g.headers),
      'x-amz-content-sha256': payloadHash,
    },
  }
}

const hashOf = (g: Generated) =>
  g.payload.kind === 'body'
    ? createHash('sha256').update(g.payload.body, 'utf8').digest('hex')
    : 'UNSIGNED-PAYLOAD'

/** Same headers, names in random case. */
function mixedCase(headers: readonly (readonly [string, string])[]): [string, string][] {
  return headers.map(([n, v], i) => [i % 2 ? n.toUpperCase() : n, v])
}

describe('signRequestSigV4 and presignUrlSigV4 against @smithy/signature-v4', () => {
  it('sign every random request alike (header form)', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async (g) => {
        const signingDate = new Date(g.date * 1000)
        const expected = await smithyOf(g).sign(smithyRequest(g, hashOf(g)), { signingDate })
        const mine = await signRequestSigV4(
          { method: g.method.toLowerCase(), url: urlOf(g), headers: mixedCase(g.headers) },
          credentialsOf(g),
          {
            region: g.region,
            service: g.service,
            date: signingDate,
            contentSha256Header: true,
            ...(g.payload.kind === 'body'
              ? { body: g.payload.body }
              : { payloadHash: 'UNSIGNED-PAYLOAD' }),
          },
        )
        expect(mine.headers.Authorization).toBe(expected.headers.authorization)
      }),
      { numRuns },
    )
  })

  it('presign every random request alike (query form)', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, fc.integer({ min: 1, max: 604_800 }), async (g, expiresIn) => {
        const signingDate = new Date(g.date * 1000)
        const names = new Set([...g.headers.map(([n]) => n), 'x-amz-content-sha256'])
        const expected = await smithyOf(g).presign(smithyRequest(g, 'UNSIGNED-PAYLOAD'), {
          signingDate,
          expiresIn,
          unhoistableHeaders: names,
          unsignableHeaders: new Set(['x-amz-content-sha256']),
        })
        const mine = await presignUrlSigV4(
          { method: g.method, url: urlOf(g), headers: mixedCase(g.headers), expiresIn },
          credentialsOf(g),
          { region: g.region, service: g.service, date: signingDate },
        )
        const params = new URL(mine.url).searchParams
        expect(params.get('X-Amz-Signature')).toBe(expected.query?.['X-Amz-Signature'])
        expect(params.get('X-Amz-SignedHeaders')).toBe(expected.query?.['X-Amz-SignedHeaders'])
      }),
      { numRuns },
    )
  })
})
