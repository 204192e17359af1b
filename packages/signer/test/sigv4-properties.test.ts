import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  parseRequestTarget,
  presignUrlSigV4,
  type RequestResource,
  signRequestSigV4,
  verifyRequestSigV4,
} from '../src/index.js'

const numRuns = 200
const credentials = { accessKey: 'AKIDPROPERTY', secretKey: 'property/secret' }
const lookupSecret = (ak: string) =>
  ak === credentials.accessKey ? credentials.secretKey : undefined
const ALPHABET = [..."aZ09-._~ !$&'()*+,;=:@%[]", 'é', 'ሴ', '😀']
const text = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...ALPHABET), minLength, maxLength })

const requestArb = fc.record({
  method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD'),
  bucket: fc.stringMatching(/^[a-z0-9][a-z0-9.-]{2,20}$/),
  key: fc.array(
    text(1, 6).filter((s) => s !== '.' && s !== '..'),
    { minLength: 1, maxLength: 3 },
  ),
  query: fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z-]{0,8}$/), text(0, 6)), { maxLength: 3 }),
  meta: fc.option(fc.stringMatching(/^[!-~]([ !-~]{0,10}[!-~])?$/), { nil: undefined }),
  date: fc.integer({ min: Date.UTC(2001, 0, 1), max: Date.UTC(2099, 0, 1) }),
  virtualHost: fc.boolean(),
})

type Generated = typeof requestArb extends fc.Arbitrary<infer T> ? T : never

function urlOf(g: Generated): string {
  const path = g.key.map(encodeURIComponent).join('/')
  const query = g.query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')
  const origin = g.virtualHost ? `https://${g.bucket}.s3.example.com` : 'https://s3.example.com'
  return `${origin}/${g.virtualHost ? '' : `${g.bucket}/`}${path}${query ? `?${query}` : ''}`
}

/** The resource a server routes, or `undefined` when it refuses the target (not this property's concern). */
function routed(g: Generated, url: string): RequestResource | undefined {
  const { pathname, search } = new URL(url)
  try {
    return parseRequestTarget(pathname + search, g.virtualHost ? { bucket: g.bucket } : {})
  } catch {
    return undefined
  }
}

describe('SigV4 sign → verify', () => {
  it('verifies every signed request and no request changed after signing', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async (g) => {
        const url = urlOf(g)
        const resource = routed(g, url)
        fc.pre(resource !== undefined)
        const headers = g.meta === undefined ? {} : { 'x-amz-meta-m': g.meta }
        const signed = await signRequestSigV4({ method: g.method, url, headers }, credentials, {
          region: 'eu-central-1',
          date: new Date(g.date),
        })
        const request = {
          method: g.method,
          headers: { ...signed.headers, Host: new URL(url).host },
          resource: resource!,
          addressing: g.virtualHost ? ('virtual-host' as const) : ('path' as const),
        }
        const options = { lookupSecret, region: 'eu-central-1', now: g.date }
        expect(await verifyRequestSigV4(request, options)).toMatchObject({ ok: true })
        const changed = [
          { ...request, method: g.method === 'GET' ? 'HEAD' : 'GET' },
          { ...request, resource: { ...resource!, key: `${resource!.key}x` } },
          { ...request, resource: { ...resource!, query: `${resource!.query || '?'}&extra=1` } },
          { ...request, headers: { ...request.headers, 'X-Amz-Date': '20000101T000000Z' } },
        ]
        for (const other of changed) {
          expect((await verifyRequestSigV4(other, options)).ok).toBe(false)
        }
      }),
      { numRuns },
    )
  })

  it('verifies every presigned URL until it expires', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, fc.integer({ min: 1, max: 604_800 }), async (g, expiresIn) => {
        const presigned = await presignUrlSigV4(
          { method: g.method, url: urlOf(g), expiresIn },
          credentials,
          { region: 'eu-central-1', date: new Date(g.date) },
        )
        const resource = routed(g, presigned.url)
        fc.pre(resource !== undefined)
        const request = {
          method: g.method,
          headers: { host: new URL(presigned.url).host },
          resource: resource!,
          addressing: g.virtualHost ? ('virtual-host' as const) : ('path' as const),
        }
        const at = (now: number) => ({ lookupSecret, region: 'eu-central-1', now })
        const signedAt = Math.floor(g.date / 1000) * 1000
        expect(await verifyRequestSigV4(request, at(signedAt + expiresIn * 1000))).toMatchObject({
          ok: true,
        })
        expect(
          await verifyRequestSigV4(request, at(signedAt + expiresIn * 1000 + 1)),
        ).toMatchObject({ ok: false, reason: 'expired' })
      }),
      { numRuns },
    )
  })
})
