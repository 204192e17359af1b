import { describe, expect, it } from 'vitest'
import { InvalidArgumentError } from '../errors.js'
import { parseRequestTarget } from '../parse-request-target.js'
import { presignUrlSigV4 } from './presign-url-sig-v4.js'
import { signRequestSigV4 } from './sign-request-sig-v4.js'
import { resourceUris, verifyRequestSigV4 } from './verify-request-sig-v4.js'
import { VERIFY_FAILURES_SIG_V4 } from './verify-result-sig-v4.js'

const credentials = { accessKey: 'AKIDVERIFY', secretKey: 'verify/secret' }
const NOW = Date.UTC(2024, 1, 29, 12, 0, 0)
const base = {
  lookupSecret: (ak: string) => (ak === credentials.accessKey ? credentials.secretKey : undefined),
  region: 'eu-west-1',
  now: NOW,
}
const URL_ = 'https://s3.eu-west-1.amazonaws.com/bucket/a%20b/c.txt?partNumber=2&uploadId=U'

async function signed(extraHeaders: Record<string, string> = {}, url = URL_) {
  const result = await signRequestSigV4(
    { method: 'PUT', url, headers: { 'Content-Type': 'text/plain', ...extraHeaders } },
    credentials,
    { region: 'eu-west-1', date: new Date(NOW), body: 'hello' },
  )
  const target = new URL(url)
  return {
    method: 'PUT',
    headers: { ...result.headers, Host: target.host } as Record<string, string>,
    resource: parseRequestTarget(target.pathname + target.search),
  }
}

describe('verifyRequestSigV4, header form', () => {
  it('accepts a signed request and reports what it signed', async () => {
    const result = await verifyRequestSigV4(await signed(), base)
    expect(result).toMatchObject({
      ok: true,
      accessKey: 'AKIDVERIFY',
      method: 'header',
      payloadHash: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
      signedHeaders: ['content-type', 'host', 'x-amz-content-sha256', 'x-amz-date'],
      sessionToken: undefined,
    })
  })

  it('checks the routed resource, not the Host header or the path spelling', async () => {
    const request = await signed()
    const other = {
      ...request,
      resource: parseRequestTarget('/bucket/a%20b/d.txt?partNumber=2&uploadId=U'),
    }
    expect(await verifyRequestSigV4(other, base)).toMatchObject({
      ok: false,
      reason: 'mismatch',
      code: 'SignatureDoesNotMatch',
      status: 403,
    })
    const query = {
      ...request,
      resource: parseRequestTarget('/bucket/a%20b/c.txt?partNumber=3&uploadId=U'),
    }
    expect(await verifyRequestSigV4(query, base)).toMatchObject({ ok: false, reason: 'mismatch' })
    const method = { ...request, method: 'POST' }
    expect(await verifyRequestSigV4(method, base)).toMatchObject({ ok: false, reason: 'mismatch' })
    const respelled = {
      ...request,
      resource: parseRequestTarget('/bucket/%61%20b/c.txt?uploadId=U&partNumber=2'),
    }
    expect(await verifyRequestSigV4(respelled, base)).toMatchObject({ ok: true })
  })

  it('refuses a request signed for another region or service', async () => {
    const request = await signed()
    expect(await verifyRequestSigV4(request, { ...base, region: 'us-east-1' })).toMatchObject({
      ok: false,
      reason: 'wrong-scope',
      code: 'AuthorizationHeaderMalformed',
      status: 400,
    })
    expect(await verifyRequestSigV4(request, { ...base, service: 'iam' })).toMatchObject({
      ok: false,
      reason: 'wrong-scope',
    })
  })

  it('requires host and every x-amz-* header present to be signed', async () => {
    const request = await signed()
    const added = { ...request, headers: { ...request.headers, 'x-amz-meta-evil': '1' } }
    expect(await verifyRequestSigV4(added, base)).toMatchObject({
      ok: false,
      reason: 'unsigned-header',
      code: 'AccessDenied',
    })
    const noHost = await signRequestSigV4(
      { method: 'GET', url: 'https://h/b/k', headers: { Host: 'h' } },
      credentials,
      { region: 'eu-west-1', date: new Date(NOW) },
    )
    const authorization = noHost.headers.Authorization!.replace(
      'SignedHeaders=host;',
      'SignedHeaders=',
    )
    const r = {
      method: 'GET',
      headers: { ...noHost.headers, Authorization: authorization },
      resource: parseRequestTarget('/b/k'),
    }
    expect(await verifyRequestSigV4(r, base)).toMatchObject({
      ok: false,
      reason: 'unsigned-header',
    })
  })

  it('refuses a signed header that is missing', async () => {
    const request = await signed()
    const { 'Content-Type': _, ...headers } = request.headers
    expect(await verifyRequestSigV4({ ...request, headers }, base)).toMatchObject({
      ok: false,
      reason: 'malformed-authorization',
    })
  })

  it('checks the clock after the signature', async () => {
    const request = await signed()
    expect(await verifyRequestSigV4(request, { ...base, now: NOW + 900_000 })).toMatchObject({
      ok: true,
    })
    expect(await verifyRequestSigV4(request, { ...base, now: NOW - 900_001 })).toMatchObject({
      ok: false,
      reason: 'skewed',
      code: 'RequestTimeTooSkewed',
    })
    expect(await verifyRequestSigV4(request, { ...base, now: NOW, maxSkewMs: 0 })).toMatchObject({
      ok: true,
    })
  })

  it('answers unknown keys, unsigned, ambiguous and malformed requests with a stable reason', async () => {
    const request = await signed()
    expect(
      await verifyRequestSigV4(request, { ...base, lookupSecret: () => undefined }),
    ).toMatchObject({
      ok: false,
      reason: 'unknown-access-key',
      code: 'InvalidAccessKeyId',
      accessKey: 'AKIDVERIFY',
    })
    expect(await verifyRequestSigV4({ ...request, headers: { Host: 'h' } }, base)).toMatchObject({
      ok: false,
      reason: 'missing',
    })
    const both = {
      ...request,
      resource: parseRequestTarget('/bucket/a%20b/c.txt?X-Amz-Signature=1'),
    }
    expect(await verifyRequestSigV4(both, base)).toMatchObject({ ok: false, reason: 'ambiguous' })
    const auth = request.headers.Authorization!
    for (const bad of [
      auth.replace('Signature=', 'Signature=0'),
      auth.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA1'),
      `${auth}, ${auth}`,
    ]) {
      expect(
        await verifyRequestSigV4(
          { ...request, headers: { ...request.headers, Authorization: bad } },
          base,
        ),
      ).toMatchObject({ ok: false, reason: 'malformed-authorization' })
    }
    const badDate = { ...request, headers: { ...request.headers, 'X-Amz-Date': '20240229T120000' } }
    expect(await verifyRequestSigV4(badDate, base)).toMatchObject({
      ok: false,
      reason: 'malformed-authorization',
    })
    const otherDay = {
      ...request,
      headers: { ...request.headers, 'X-Amz-Date': '20240301T000000Z' },
    }
    expect(await verifyRequestSigV4(otherDay, base)).toMatchObject({
      ok: false,
      reason: 'malformed-authorization',
    })
    const streaming = {
      ...request,
      headers: { ...request.headers, 'X-Amz-Content-Sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' },
    }
    expect(await verifyRequestSigV4(streaming, base)).toMatchObject({
      ok: false,
      reason: 'malformed-authorization',
    })
    expect(Object.keys(VERIFY_FAILURES_SIG_V4)).toHaveLength(10)
  })

  it('accepts a STREAMING-… payload hash only with acceptStreamingPayloads', async () => {
    const url = 'https://s3.eu-west-1.amazonaws.com/bucket/streamed'
    const trailer = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'
    const result = await signRequestSigV4(
      {
        method: 'PUT',
        url,
        headers: {
          'Content-Encoding': 'aws-chunked',
          'X-Amz-Decoded-Content-Length': '5',
          'X-Amz-Trailer': 'x-amz-checksum-crc32',
        },
      },
      credentials,
      { region: 'eu-west-1', date: new Date(NOW), payloadHash: trailer },
    )
    expect(result.headers['X-Amz-Content-Sha256']).toBe(trailer)
    const request = {
      method: 'PUT',
      headers: { ...result.headers, Host: 's3.eu-west-1.amazonaws.com' },
      resource: parseRequestTarget('/bucket/streamed'),
    }
    expect(await verifyRequestSigV4(request, base)).toMatchObject({
      ok: false,
      reason: 'malformed-authorization',
    })
    expect(
      await verifyRequestSigV4(request, { ...base, acceptStreamingPayloads: true }),
    ).toMatchObject({ ok: true, payloadHash: trailer })
    await expect(
      verifyRequestSigV4(request, {
        ...base,
        acceptStreamingPayloads: 'yes' as unknown as boolean,
      }),
    ).rejects.toThrow(InvalidArgumentError)
  })

  it('returns the session token signed', async () => {
    const result = await signRequestSigV4(
      { method: 'GET', url: 'https://h/b/k' },
      { ...credentials, sessionToken: 'TOKEN' },
      { region: 'eu-west-1', date: new Date(NOW) },
    )
    const r = {
      method: 'GET',
      headers: { ...result.headers, Host: 'h' },
      resource: parseRequestTarget('/b/k'),
    }
    expect(await verifyRequestSigV4(r, base)).toMatchObject({ ok: true, sessionToken: 'TOKEN' })
  })

  it('rebuilds the path of a virtual-host request, and a bucket with or without its slash', async () => {
    const resource = parseRequestTarget('/a%2Fb%20c', { bucket: 'bkt' })
    expect(resourceUris({ method: 'GET', resource, addressing: 'virtual-host' })).toEqual([
      '/a/b%20c',
    ])
    expect(resourceUris({ method: 'GET', resource: parseRequestTarget('/bkt/') })).toEqual([
      '/bkt',
      '/bkt/',
    ])
    expect(resourceUris({ method: 'GET', resource: parseRequestTarget('/') })).toEqual(['/'])
    for (const url of ['https://h/bkt', 'https://h/bkt/']) {
      const request = await signed({}, url)
      expect(await verifyRequestSigV4(request, base)).toMatchObject({ ok: true })
    }
  })

  it('throws only for invalid arguments', async () => {
    const request = await signed()
    await expect(verifyRequestSigV4(request, { ...base, region: '' })).rejects.toThrow(
      InvalidArgumentError,
    )
    await expect(verifyRequestSigV4(request, { ...base, now: Number.NaN })).rejects.toThrow(
      InvalidArgumentError,
    )
    await expect(
      verifyRequestSigV4({ ...request, addressing: 'x' as 'path' }, base),
    ).rejects.toThrow(InvalidArgumentError)
    await expect(
      verifyRequestSigV4(
        { ...request, resource: { bucket: undefined, key: 'k', query: '' } },
        base,
      ),
    ).rejects.toThrow(InvalidArgumentError)
  })
})

describe('verifyRequestSigV4, presigned form', () => {
  async function presigned(expiresIn = 600, headers: Record<string, string> = {}) {
    const { url } = await presignUrlSigV4(
      {
        method: 'GET',
        url: 'https://bkt.s3.eu-west-1.amazonaws.com/k%21.txt?versionId=3',
        expiresIn,
        headers,
      },
      { ...credentials, sessionToken: 'TOK' },
      { region: 'eu-west-1', date: new Date(NOW) },
    )
    const target = new URL(url)
    return {
      method: 'GET',
      headers: { host: target.host, ...headers } as Record<string, string>,
      resource: parseRequestTarget(target.pathname + target.search, { bucket: 'bkt' }),
      addressing: 'virtual-host' as const,
      search: target.search,
    }
  }

  it('accepts the URL until it expires, not after', async () => {
    const request = await presigned(600)
    expect(await verifyRequestSigV4(request, { ...base, now: NOW + 600_000 })).toMatchObject({
      ok: true,
      method: 'presigned',
      sessionToken: 'TOK',
      payloadHash: 'UNSIGNED-PAYLOAD',
    })
    expect(await verifyRequestSigV4(request, { ...base, now: NOW + 600_001 })).toMatchObject({
      ok: false,
      reason: 'expired',
      code: 'AccessDenied',
    })
    expect(await verifyRequestSigV4(request, { ...base, now: NOW - 900_001 })).toMatchObject({
      ok: false,
      reason: 'skewed',
    })
  })

  it('requires the signed headers to be sent, and every x-amz-* header sent to be signed', async () => {
    const request = await presigned(600, { 'x-amz-acl': 'private' })
    expect(await verifyRequestSigV4(request, base)).toMatchObject({
      ok: true,
      signedHeaders: ['host', 'x-amz-acl'],
    })
    expect(
      await verifyRequestSigV4({ ...request, headers: { host: request.headers.host! } }, base),
    ).toMatchObject({ ok: false, reason: 'malformed-presign' })
    const plain = await presigned(600)
    expect(
      await verifyRequestSigV4(
        { ...plain, headers: { ...plain.headers, 'x-amz-acl': 'public-read' } },
        base,
      ),
    ).toMatchObject({ ok: false, reason: 'unsigned-header' })
  })

  it('refuses a tampered or malformed query with a stable reason', async () => {
    const request = await presigned(600)
    const swap = (from: RegExp, to: string) => ({
      ...request,
      resource: parseRequestTarget(`/k%21.txt${request.search.replace(from, to)}`, {
        bucket: 'bkt',
      }),
    })
    expect(await verifyRequestSigV4(swap(/versionId=3/, 'versionId=4'), base)).toMatchObject({
      ok: false,
      reason: 'mismatch',
    })
    expect(
      await verifyRequestSigV4(swap(/X-Amz-Expires=600/, 'X-Amz-Expires=604801'), base),
    ).toMatchObject({
      ok: false,
      reason: 'malformed-presign',
      code: 'AuthorizationQueryParametersError',
    })
    expect(
      await verifyRequestSigV4(swap(/X-Amz-Expires=600/, 'X-Amz-Expires=0'), base),
    ).toMatchObject({ ok: false, reason: 'malformed-presign' })
    expect(
      await verifyRequestSigV4(
        swap(/X-Amz-Algorithm=[^&]*/, 'X-Amz-Algorithm=AWS4-HMAC-SHA1'),
        base,
      ),
    ).toMatchObject({ ok: false, reason: 'malformed-presign' })
    expect(
      await verifyRequestSigV4(swap(/X-Amz-Date=/, 'X-Amz-Date=1&X-Amz-Date='), base),
    ).toMatchObject({ ok: false, reason: 'malformed-presign' })
    expect(await verifyRequestSigV4(swap(/&X-Amz-SignedHeaders=[^&]*/, ''), base)).toMatchObject({
      ok: false,
      reason: 'malformed-presign',
    })
    expect(
      await verifyRequestSigV4(swap(/X-Amz-Security-Token=TOK/, 'X-Amz-Security-Token=TOK2'), base),
    ).toMatchObject({ ok: false, reason: 'mismatch' })
  })
})
