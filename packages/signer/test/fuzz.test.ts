// Fuzzing of the canonicalisation (issue 9): random, often hostile, headers, URLs and keys.
// Every function either returns or throws one of the package's typed errors (JssSignerError with a
// stable code), never a TypeError/RangeError/URIError; and the same input always gives the same output.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  canonicalizedHeaders,
  canonicalizedResource,
  decodeKey,
  encodeKey,
  JssSignerError,
  parseAuthorization,
  presignUrl,
  type SignableRequest,
  signRequest,
  stringToSign,
  verifyRequest,
} from '../src/index.js'
import { received as toReceived } from './received.js'

const numRuns = 400
const credentials = { accessKey: 'AKFUZZ', secretKey: 'fuzz-secret' }
const date = new Date('2024-05-01T12:00:00Z')

/** Strings of everything: ASCII, controls, NUL, CR/LF, lone surrogates, unicode. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\0',
    '\r\n',
    '%',
    '%zz',
    '%ff',
    '%c3%28',
    '..',
    '../..',
    '\ud800',
    '?',
    '#',
  ),
)
const headerName = fc.oneof(
  fc.constantFrom(
    'Content-MD5',
    'content-type',
    'Date',
    'x-jss-meta-a',
    'X-JSS-Storage-Class',
    'x-jss-',
    'Host',
  ),
  fc.string({ maxLength: 12 }).map((s) => `x-jss-${s}`),
  anyText,
)
const headerValue = fc.oneof(anyText, fc.array(anyText, { maxLength: 3 }))
const headers = fc.oneof(
  fc.dictionary(headerName, headerValue, { maxKeys: 6 }),
  fc.array(fc.tuple(headerName, anyText), { maxLength: 6 }),
)
const methods = fc.oneof(fc.constantFrom('GET', 'put', 'Post', 'DELETE', 'HEAD'), anyText)
const hosts = fc.constantFrom(
  'http://127.0.0.1:9000',
  'https://bkt.s.jcloud.com',
  'http://localhost',
  'http://[::1]:1',
)
const pathPart = fc.oneof(
  anyText,
  fc.webPath(),
  anyText.map((k) => encodeURIComponent(k.replace(/[\ud800-\udfff]/g, 'x'))),
)
const query = fc.oneof(
  fc.constant(''),
  fc.webQueryParameters(),
  fc.constantFrom(
    'uploads',
    'partNumber=3&uploadId=ID',
    'uploadId=&partNumber=',
    'acl&acl',
    'Expires=1&AccessKey=A&Signature=%2B',
  ),
  anyText,
)
const urls = fc.oneof(
  fc.tuple(hosts, pathPart, query).map(([h, p, q]) => `${h}/${p}${q === '' ? '' : `?${q}`}`),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  anyText,
  pathPart.map((p) => `/${p}`),
)
const bucket = fc.option(fc.oneof(fc.constantFrom('bkt', 'test-bucket'), anyText), {
  nil: undefined,
})
const request = fc.record({ method: methods, url: urls, headers, bucket })
/** Closer to real requests (valid method, host and header names), with hostile paths and values. */
const plausibleRequest = fc.record({
  method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD'),
  url: fc.tuple(hosts, pathPart, query).map(([h, p, q]) => `${h}/${p}${q === '' ? '' : `?${q}`}`),
  headers: fc.dictionary(
    fc.constantFrom('Content-MD5', 'Content-Type', 'x-jss-meta-a', 'X-Jss-Meta-B', 'x-other'),
    fc.string({ maxLength: 30 }),
    { maxKeys: 4 },
  ),
  bucket,
})

/** Runs `f`; a throw must be a JssSignerError with a code. Returns the result or the code. */
async function outcome(f: () => unknown): Promise<unknown> {
  try {
    return { ok: await f() }
  } catch (error) {
    if (!(error instanceof JssSignerError)) throw error
    expect(error.code).toMatch(/^JSS_ERR_[A-Z_]+$/)
    expect(error.message.length).toBeGreaterThan(0)
    return { code: error.code }
  }
}

/** Both runs end the same way: the same value, or the same typed error. */
async function deterministic(f: () => unknown): Promise<void> {
  const first = await outcome(f)
  const second = await outcome(f)
  expect(second).toEqual(first)
}

describe('signer canonicalisation fuzzing', () => {
  it('canonicalizedHeaders: no untyped throw, deterministic', async () => {
    await fc.assert(
      fc.asyncProperty(headers, (h) => deterministic(() => canonicalizedHeaders(h))),
      { numRuns },
    )
  })

  it('canonicalizedResource (parts and URL forms): no untyped throw, deterministic', async () => {
    await fc.assert(
      fc.asyncProperty(bucket, anyText, query, urls, async (b, key, q, url) => {
        await deterministic(() => canonicalizedResource({ bucket: b, key, query: q }))
        await deterministic(() => canonicalizedResource({ url, bucket: b }))
      }),
      { numRuns },
    )
  })

  it('encodeKey/decodeKey: no untyped throw; decodeKey(encodeKey(k)) is k for well-formed keys', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (key) => {
        await deterministic(() => encodeKey(key))
        await deterministic(() => decodeKey(key))
        const encoded = await outcome(() => encodeKey(key))
        if ('ok' in (encoded as object)) {
          const e = (encoded as { ok: string }).ok
          expect(e).toMatch(/^[A-Za-z0-9\-._~/%]*$/)
          expect(decodeKey(e)).toBe(key)
        }
      }),
      { numRuns },
    )
  })

  it('stringToSign, signRequest, presignUrl: no untyped throw, deterministic', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        await deterministic(() => stringToSign(req, { date }))
        await deterministic(() => signRequest(req, credentials, { date }))
        await deterministic(() => presignUrl({ ...req, expires: 1_900_000_000 }, credentials))
      }),
      { numRuns },
    )
  })

  it('parseAuthorization: never throws on any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyText,
          fc.tuple(anyText, anyText).map(([a, b]) => `jingdong ${a}:${b}`),
        ),
        (value) => {
          const a = parseAuthorization(value)
          expect(parseAuthorization(value)).toEqual(a)
        },
      ),
      { numRuns },
    )
  })

  it('verifyRequest: random requests never verify and never throw untyped errors', async () => {
    const lookupSecret = (ak: string) =>
      ak === credentials.accessKey ? credentials.secretKey : undefined
    const authorization = fc.oneof(
      anyText,
      fc
        .tuple(fc.constantFrom('AKFUZZ', 'nobody', ''), anyText)
        .map(([ak, sig]) => `jingdong ${ak}:${sig}`),
    )
    await fc.assert(
      fc.asyncProperty(request, authorization, async (req, auth) => {
        const withAuth: SignableRequest = {
          ...req,
          headers: [
            ['Authorization', auth],
            ['Date', 'Wed, 01 May 2024 12:00:00 GMT'],
          ],
        }
        const result = await outcome(() =>
          verifyRequest(toReceived(withAuth), { lookupSecret, now: date }),
        )
        if ('ok' in (result as object)) {
          const r = (result as { ok: { ok: boolean; reason?: string } }).ok
          expect(r.ok).toBe(false)
          expect(typeof r.reason).toBe('string')
        }
      }),
      { numRuns },
    )
  })

  it('a request signed by signRequest always verifies (round trip under fuzzed input)', async () => {
    const lookupSecret = (ak: string) =>
      ak === credentials.accessKey ? credentials.secretKey : undefined
    let verified = 0
    await fc.assert(
      fc.asyncProperty(plausibleRequest, async (req) => {
        const signed = await outcome(() => signRequest(req, credentials, { date }))
        if (!('ok' in (signed as object))) return
        verified++
        const sent = (signed as { ok: Record<string, string> }).ok
        const result = await verifyRequest(toReceived({ ...req, headers: sent }), {
          lookupSecret,
          now: date,
        })
        // A URL already carrying a URL signature plus an Authorization header is refused as
        // ambiguous (contract §2); every other signed request verifies.
        const presignParams = /[?&](AccessKey|Signature)=/.test(new URL(req.url).search)
        if (presignParams) expect(result).toMatchObject({ ok: false, reason: 'ambiguous' })
        else expect(result.ok).toBe(true)
      }),
      { numRuns },
    )
    // The generators reach the signing path, not only the typed errors.
    expect(verified).toBeGreaterThan(numRuns / 10)
  })
})
