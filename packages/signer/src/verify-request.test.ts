import { describe, expect, it } from 'vitest'
import { received as toReceived } from '../test/received.js'
import { InvalidArgumentError, InvalidUrlError } from './errors.js'
import { signString } from './hmac-sha1.js'
import { parseRequestTarget } from './parse-request-target.js'
import { presignUrl } from './presign-url.js'
import { signRequest } from './sign-request.js'
import { verifyRequest } from './verify-request.js'

const credentials = { accessKey: 'AKID', secretKey: 'secret' }
const lookupSecret = (ak: string) => (ak === 'AKID' ? 'secret' : undefined)
const date = new Date('2024-05-06T07:08:09Z')
const now = date.getTime()
const url = 'http://127.0.0.1:9000/bkt/dir/a%20b.txt?uploadId=U1&partNumber=3'

async function signed(extra: Record<string, string> = {}) {
  const request = { method: 'PUT', url, headers: { 'Content-Type': 'text/plain', ...extra } }
  return { ...request, headers: await signRequest(request, credentials, { date }) }
}

describe('verifyRequest: header form', () => {
  it('accepts a signed request and reports how it was signed', async () => {
    const result = await verifyRequest(toReceived(await signed()), { lookupSecret, now })
    expect(result).toEqual({
      ok: true,
      accessKey: 'AKID',
      method: 'header',
      order: 'sorted',
      stringToSign: `PUT\n\ntext/plain\n${date.toUTCString()}\n/bkt/dir/a b.txt?partNumber=3&uploadId=U1`,
    })
  })

  it('accepts a signature over the sub-resources in the order received', async () => {
    const toSign = `PUT\n\n\n${date.toUTCString()}\n/bkt/k?uploadId=U1&partNumber=3`
    const signature = await signString('secret', toSign)
    const headers = { Date: date.toUTCString(), Authorization: `jingdong AKID:${signature}` }
    const request = { method: 'PUT', url: 'http://h/bkt/k?uploadId=U1&partNumber=3', headers }
    expect(await verifyRequest(toReceived(request), { lookupSecret, now })).toMatchObject({
      ok: true,
      order: 'received',
    })
  })

  it('checks the routed resource, whatever the Host header says', async () => {
    const request = { method: 'GET', url: 'http://bkt.localhost:9000/k', bucket: 'bkt' }
    const headers = await signRequest(request, credentials, { date })
    const routed = (resource: { bucket?: string; key?: string; query?: string }, host: string) =>
      verifyRequest(
        {
          method: 'GET',
          headers: { ...headers, host },
          resource: { bucket: resource.bucket, key: resource.key, query: resource.query ?? '' },
        },
        { lookupSecret, now },
      )
    expect(await routed({ bucket: 'bkt', key: 'k' }, 'bkt.localhost:9000')).toMatchObject({
      ok: true,
    })
    // The same signature, any Host: only the resource the server acts on counts.
    expect(await routed({ bucket: 'bkt', key: 'k' }, 'x/bkt/other?')).toMatchObject({ ok: true })
    for (const other of [
      { bucket: 'bkt', key: 'secret' },
      { bucket: 'other', key: 'k' },
      { bucket: 'bkt' },
      { bucket: 'bkt', key: 'k', query: 'acl' },
    ]) {
      expect(await routed(other, 'bkt.localhost:9000')).toMatchObject({ reason: 'mismatch' })
    }
  })

  it('refuses a resource that no server could route to', async () => {
    const check = (resource: unknown) =>
      verifyRequest(
        { method: 'GET', resource: resource as never, headers: {} },
        { lookupSecret, now },
      )
    for (const bad of [
      undefined,
      { bucket: 'a/b', key: undefined, query: '' },
      { bucket: 'b', key: 'x/../y', query: '' },
      { bucket: 'b', key: '', query: '' },
      { bucket: undefined, key: 'k', query: '' },
      { bucket: 'b', key: 'k', query: undefined },
      { bucket: 'b', key: 'k', query: 'uploadId=a&uploadId=b' },
      { bucket: 'b', key: 'k', query: 'uploadId=a%00' },
    ]) {
      await expect(check(bad)).rejects.toBeInstanceOf(InvalidArgumentError)
    }
  })

  it('reports missing, malformed, ambiguous and unknown-key requests', async () => {
    const base = { method: 'GET', url: 'http://h/bkt/k' }
    const check = (headers: Record<string, string>, u = base.url) =>
      verifyRequest(toReceived({ ...base, url: u, headers }), { lookupSecret, now })
    const d = date.toUTCString()
    expect(await check({ Date: d })).toMatchObject({
      ok: false,
      reason: 'missing',
      code: 'AccessDenied',
      status: 403,
    })
    expect(await check({ Date: d, Authorization: 'AWS AKID:abcd' })).toMatchObject({
      reason: 'malformed-authorization',
      code: 'InvalidToken',
      status: 400,
    })
    expect(await check({ Date: d, Authorization: 'jingdong AKID:not*base64' })).toMatchObject({
      reason: 'malformed-authorization',
    })
    expect(await check({ Authorization: 'jingdong AKID:abcd' })).toMatchObject({
      reason: 'malformed-authorization',
      message: expect.stringContaining('Date'),
    })
    expect(await check({ Date: '2024-05-06', Authorization: 'jingdong AKID:abcd' })).toMatchObject({
      reason: 'malformed-authorization',
    })
    expect(
      await check({ Date: d, Authorization: 'jingdong AKID:abcd' }, `${base.url}?Signature=abcd`),
    ).toMatchObject({ reason: 'ambiguous', code: 'InvalidArgument', status: 400 })
    expect(await check({ Date: d, Authorization: 'jingdong NOPE:abcd' })).toMatchObject({
      reason: 'unknown-access-key',
      code: 'InvalidAccessKeyId',
      accessKey: 'NOPE',
    })
  })

  it('reports a wrong signature with the StringToSign the server computed', async () => {
    const request = await signed()
    const result = await verifyRequest(
      toReceived({ ...request, headers: { ...request.headers, 'Content-Type': 'text/html' } }),
      { lookupSecret, now },
    )
    expect(result).toMatchObject({
      ok: false,
      reason: 'mismatch',
      code: 'SignatureDoesNotMatch',
      status: 403,
      stringToSign: expect.stringContaining('\ntext/html\n'),
    })
  })

  it('cannot be handed a path that is not percent-encoded UTF-8', () => {
    expect(() => parseRequestTarget('/bkt/%C3')).toThrow(InvalidUrlError)
  })

  it('accepts 15 minutes of skew and refuses more', async () => {
    const request = await signed()
    const limit = 15 * 60_000
    expect(
      await verifyRequest(toReceived(request), { lookupSecret, now: now + limit }),
    ).toMatchObject({
      ok: true,
    })
    expect(
      await verifyRequest(toReceived(request), { lookupSecret, now: now - limit }),
    ).toMatchObject({
      ok: true,
    })
    expect(
      await verifyRequest(toReceived(request), { lookupSecret, now: now + limit + 1000 }),
    ).toMatchObject({
      ok: false,
      reason: 'skewed',
      code: 'RequestTimeTooSkewed',
      status: 403,
    })
    expect(
      await verifyRequest(toReceived(request), {
        lookupSecret,
        now: new Date(now + 2000),
        maxSkewMs: 1000,
      }),
    ).toMatchObject({ reason: 'skewed' })
  })

  it('throws for invalid options, never for request content', async () => {
    const request = await signed()
    // @ts-expect-error lookupSecret is required
    await expect(verifyRequest(toReceived(request), {})).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
    await expect(
      verifyRequest(toReceived(request), { lookupSecret, now: new Date(Number.NaN) }),
    ).rejects.toMatchObject({ code: 'JSS_ERR_INVALID_ARG', argument: 'options.now' })
  })
})

describe('verifyRequest: presigned form', () => {
  const expires = Math.floor(now / 1000) + 60
  const target = { method: 'PUT', url: 'https://bkt.s.jcloud.com/k.txt', bucket: 'bkt' }

  it('accepts a presigned URL until Expires and refuses it after', async () => {
    const headers = { 'Content-Type': 'image/png' }
    const presigned = await presignUrl({ ...target, headers, expires }, credentials)
    const request = { ...target, url: presigned, headers }
    expect(
      await verifyRequest(toReceived(request), { lookupSecret, now: expires * 1000 }),
    ).toMatchObject({
      ok: true,
      method: 'presigned',
    })
    expect(
      await verifyRequest(toReceived(request), { lookupSecret, now: expires * 1000 + 1 }),
    ).toMatchObject({
      ok: false,
      reason: 'expired',
      code: 'ExpiredToken',
      status: 400,
    })
    const other = { ...request, headers: { 'Content-Type': 'text/plain' } }
    expect(await verifyRequest(toReceived(other), { lookupSecret, now })).toMatchObject({
      reason: 'mismatch',
    })
  })

  it('reports missing or malformed presign parameters', async () => {
    const check = (query: string) =>
      verifyRequest(toReceived({ ...target, url: `${target.url}?${query}` }), { lookupSecret, now })
    expect(await check(`Expires=${expires}&AccessKey=AKID`)).toMatchObject({
      reason: 'malformed-presign',
      code: 'InvalidURI',
      status: 400,
    })
    expect(await check(`Expires=soon&AccessKey=AKID&Signature=abcd`)).toMatchObject({
      reason: 'malformed-presign',
    })
    expect(await check(`Expires=${expires}&AccessKey=AKID&Signature=ab+d`)).toMatchObject({
      reason: 'malformed-presign',
      message: expect.stringContaining('%2B'),
    })
    expect(await check(`Expires=${expires}&AccessKey=X&Signature=abcd`)).toMatchObject({
      reason: 'unknown-access-key',
    })
  })
})
