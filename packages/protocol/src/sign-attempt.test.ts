import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { type AttemptToSign, SIGNED_PAYLOAD_LIMIT, signJss, sigV4Signer } from './sign-attempt.js'

const credentials = { accessKey: 'AK', secretKey: 'SK' }
const date = new Date('2026-12-02T04:00:00Z')
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex')

function attempt(body: AttemptToSign['body']): AttemptToSign {
  return {
    method: 'PUT',
    url: 'http://127.0.0.1:9000/b/k',
    headers: {},
    signerBucket: undefined,
    body,
  }
}

describe('sigV4Signer', () => {
  const sign = sigV4Signer('eu-west-1')
  const hashOf = async (body: AttemptToSign['body']) =>
    (await sign(attempt(body), credentials, date))['X-Amz-Content-Sha256']

  it('sends and signs the session token of temporary credentials', async () => {
    const headers = await sign(attempt(undefined), { ...credentials, sessionToken: 'TOKEN' }, date)
    expect(headers['X-Amz-Security-Token']).toBe('TOKEN')
    expect(headers.Authorization).toMatch(/SignedHeaders=[^,]*x-amz-security-token/)
    const without = await sign(attempt(undefined), credentials, date)
    expect(without['X-Amz-Security-Token']).toBeUndefined()
  })

  it('signs small in-memory bodies by their SHA-256, chunks as one body', async () => {
    expect(await hashOf(undefined)).toBe(sha256(''))
    expect(await hashOf(new TextEncoder().encode('hello'))).toBe(sha256('hello'))
    const chunks = [new TextEncoder().encode('hel'), new TextEncoder().encode('lo')]
    expect(await hashOf(chunks)).toBe(sha256('hello'))
  })

  it('sends large and streamed bodies UNSIGNED-PAYLOAD', async () => {
    expect(await hashOf(new Uint8Array(SIGNED_PAYLOAD_LIMIT + 1))).toBe('UNSIGNED-PAYLOAD')
    expect(await hashOf([new Uint8Array(SIGNED_PAYLOAD_LIMIT), new Uint8Array(1)])).toBe(
      'UNSIGNED-PAYLOAD',
    )
    expect(await hashOf({ size: 5, open: async function* () {} } as AttemptToSign['body'])).toBe(
      'UNSIGNED-PAYLOAD',
    )
  })

  it('scopes the signature to the region, signing the headers given', async () => {
    const headers = await sign(
      { ...attempt(undefined), headers: { 'content-md5': 'XUFAKrxLKna5cZ2REBfFkg==' } },
      credentials,
      date,
    )
    expect(headers['X-Amz-Date']).toBe('20261202T040000Z')
    expect(headers.Authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AK\/20261202\/eu-west-1\/s3\/aws4_request, SignedHeaders=content-md5;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    )
  })
})

describe('signJss', () => {
  it('signs with the jingdong signature', async () => {
    const headers = await signJss(attempt(undefined), credentials, date)
    expect(headers.authorization ?? headers.Authorization).toMatch(/^jingdong AK:/)
  })
})
