import { describe, expect, it } from 'vitest'
import { collectHeaders } from '../src/collect-headers.js'
import {
  canonicalHeaders,
  canonicalRequest,
  canonicalUri,
  credentialScope,
  deriveSigningKey,
  InvalidUrlError,
  parseRequestTarget,
  presignUrlSigV4,
  signRequestSigV4,
  stringToSignSigV4,
  verifyRequestSigV4,
} from '../src/index.js'
import { hmacSha256, toHex } from '../src/sigv4/hmac-sha256.js'
import { loadNormalizeSuite, loadS3Examples, loadSuite, suiteUrl } from './sigv4-vectors.js'

const suite = loadSuite()
const s3 = loadS3Examples()

/**
 * Cases of the suite left out, each with why. The source (the AWS JS SDK's copy of the suite) has
 * none of the path-normalisation cases, so every case it has runs, with S3's path rules.
 */
const EXCLUDED: Readonly<Record<string, string>> = {}

it('runs every case of the suite it has (24), excluding none', () => {
  expect(suite.cases).toHaveLength(24)
  expect(suite.cases.filter((c) => c.name in EXCLUDED)).toEqual([])
  expect((suite.source as { commit: string }).commit).toMatch(/^[0-9a-f]{40}$/)
})

describe.each(suite.cases.map((c) => [c.name, c] as const))(
  'aws-sig-v4-test-suite: %s',
  (_name, c) => {
    it('signRequestSigV4 reproduces the Authorization header', async () => {
      const signed = await signRequestSigV4(
        { method: c.method, url: suiteUrl(c), headers: c.headers },
        suite.credentials,
        {
          region: suite.region,
          service: suite.service,
          body: c.body ?? '',
          contentSha256Header: false,
        },
      )
      expect(signed.headers.Authorization).toBe(c.authorization)
      expect(signed.headers['X-Amz-Date']).toBe('20150830T123600Z')
    })

    it('verifyRequestSigV4 accepts it against the routed resource (payload hash sent)', async () => {
      const signed = await signRequestSigV4(
        { method: c.method, url: suiteUrl(c), headers: c.headers },
        suite.credentials,
        {
          region: suite.region,
          service: suite.service,
          body: c.body ?? '',
          contentSha256Header: true,
        },
      )
      const url = new URL(suiteUrl(c))
      const result = await verifyRequestSigV4(
        {
          method: c.method,
          headers: { ...signed.headers, host: url.host },
          resource: parseRequestTarget(url.pathname + url.search),
        },
        {
          lookupSecret: (ak) =>
            ak === suite.credentials.accessKey ? suite.credentials.secretKey : undefined,
          region: suite.region,
          service: suite.service,
          now: new Date(suite.date),
        },
      )
      expect(result).toMatchObject({
        ok: true,
        method: 'header',
        stringToSign: signed.stringToSign,
      })
    })
  },
)

const lookupS3 = (ak: string) =>
  ak === s3.credentials.accessKey ? s3.credentials.secretKey : undefined

describe.each(s3.header.map((v) => [v.name, v] as const))('S3 documentation: %s', (_name, v) => {
  it('signRequestSigV4 reproduces the canonical request, StringToSign and signature', async () => {
    const signed = await signRequestSigV4(
      { method: v.method, url: v.url, headers: v.headers },
      s3.credentials,
      {
        region: s3.region,
        date: new Date(s3.date),
        ...(v.body === undefined ? { payloadHash: v.payloadHash } : { body: v.body }),
      },
    )
    expect(signed.canonicalRequest).toBe(v.canonicalRequest)
    if (v.stringToSign) expect(signed.stringToSign).toBe(v.stringToSign)
    expect(signed.signature).toBe(v.signature)
    if (v.authorization) expect(signed.headers.Authorization).toBe(v.authorization)
    const url = new URL(v.url)
    const result = await verifyRequestSigV4(
      {
        method: v.method,
        headers: { ...signed.headers, Host: url.host },
        resource: parseRequestTarget(url.pathname + url.search, { bucket: 'examplebucket' }),
        addressing: 'virtual-host',
      },
      { lookupSecret: lookupS3, region: s3.region, now: new Date(s3.date) },
    )
    expect(result).toMatchObject({ ok: true, canonicalRequest: v.canonicalRequest })
  })
})

describe.each(s3.presign.map((v) => [v.name, v] as const))('S3 documentation: %s', (_name, v) => {
  it('presignUrlSigV4 reproduces the URL, and verifyRequestSigV4 accepts it until it expires', async () => {
    const presigned = await presignUrlSigV4(
      { method: v.method, url: v.url, expiresIn: v.expiresIn },
      s3.credentials,
      { region: s3.region, date: new Date(s3.date) },
    )
    expect(presigned.canonicalRequest).toBe(v.canonicalRequest)
    expect(presigned.signature).toBe(v.signature)
    expect(presigned.url).toBe(v.presignedUrl)
    const url = new URL(presigned.url)
    const request = {
      method: v.method,
      headers: { host: url.host },
      resource: parseRequestTarget(url.pathname + url.search, { bucket: 'examplebucket' }),
      addressing: 'virtual-host' as const,
    }
    const at = (ms: number) => ({
      lookupSecret: lookupS3,
      region: s3.region,
      now: Date.parse(s3.date) + ms,
    })
    expect(await verifyRequestSigV4(request, at(v.expiresIn * 1000))).toMatchObject({
      ok: true,
      method: 'presigned',
    })
    expect(await verifyRequestSigV4(request, at(v.expiresIn * 1000 + 1))).toMatchObject({
      ok: false,
      reason: 'expired',
      code: 'AccessDenied',
    })
  })
})

const normalize = loadNormalizeSuite()

/**
 * The normalisation cases whose path has a `.` or `..` segment cannot go through
 * `signRequestSigV4`: URL parsers remove such segments before sending, so it refuses to sign them
 * (what is signed must be what is sent). They run through the canonicalisation steps instead.
 */
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)/

it('runs the 14 path-normalisation cases, the 6 without a dot segment through signRequestSigV4 too', () => {
  expect(normalize.cases).toHaveLength(14)
  expect(normalize.cases.filter((c) => !DOT_SEGMENT.test(c.path))).toHaveLength(6)
})

describe.each(normalize.cases.map((c) => [c.name, c] as const))('aws-c-auth: %s', (_name, c) => {
  const expected = c.authorization.replace(/.*Signature=/, '')

  it('the canonicalisation steps reproduce the signature, with its path rules', async () => {
    const headers = collectHeaders(c.headers)
    const creq = canonicalRequest({
      method: c.method,
      uri: canonicalUri(c.path, { normalizePath: c.normalizePath }),
      query: '',
      headers: canonicalHeaders(headers, ['host', 'x-amz-date']),
      signedHeaders: 'host;x-amz-date',
      payloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    })
    const scope = credentialScope('20150830', normalize.region, normalize.service)
    const toSign = await stringToSignSigV4('20150830T123600Z', scope, creq)
    const key = await deriveSigningKey(
      normalize.credentials.secretKey,
      '20150830',
      normalize.region,
      normalize.service,
    )
    expect(toHex(await hmacSha256(key, toSign))).toBe(expected)
  })

  it('signRequestSigV4 reproduces it, or refuses a dot segment', async () => {
    const sign = () =>
      signRequestSigV4(
        {
          method: c.method,
          url: `https://${c.headers.host}${c.path.replaceAll(' ', '%20')}`,
          headers: c.headers,
        },
        normalize.credentials,
        {
          region: normalize.region,
          service: normalize.service,
          body: '',
          normalizePath: c.normalizePath,
        },
      )
    if (DOT_SEGMENT.test(c.path)) {
      await expect(sign()).rejects.toThrow(InvalidUrlError)
    } else {
      expect((await sign()).headers.Authorization).toBe(c.authorization)
    }
  })
})
