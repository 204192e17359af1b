import { describe, expect, it } from 'vitest'
import { InvalidArgumentError, InvalidDateError } from '../errors.js'
import { presignUrlSigV4 } from './presign-url-sig-v4.js'

const credentials = {
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}
const options = { region: 'us-east-1', date: new Date('2013-05-24T00:00:00Z') }
const url = 'https://examplebucket.s3.amazonaws.com/test.txt'

describe('presignUrlSigV4', () => {
  it('validates X-Amz-Expires: 1 to 604800 seconds', async () => {
    for (const expiresIn of [1, 604_800]) {
      const { url: out } = await presignUrlSigV4(
        { method: 'GET', url, expiresIn },
        credentials,
        options,
      )
      expect(new URL(out).searchParams.get('X-Amz-Expires')).toBe(String(expiresIn))
    }
    for (const expiresIn of [0, 604_801, 1.5, Number.NaN, '60' as unknown as number]) {
      await expect(
        presignUrlSigV4({ method: 'GET', url, expiresIn }, credentials, options),
      ).rejects.toThrow(InvalidDateError)
    }
  })

  it('keeps the query (in canonical form), signs the headers given and the session token', async () => {
    const presigned = await presignUrlSigV4(
      {
        method: 'PUT',
        url: `${url}?b=2&a=1#frag`,
        expiresIn: 60,
        headers: { 'Content-Type': 'text/plain' },
      },
      { ...credentials, sessionToken: 'T/K+N' },
      options,
    )
    const out = new URL(presigned.url)
    expect(out.hash).toBe('')
    expect(out.search.startsWith('?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=')).toBe(true)
    expect(out.searchParams.get('a')).toBe('1')
    expect(out.searchParams.get('X-Amz-Security-Token')).toBe('T/K+N')
    expect(out.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host')
    expect(presigned.url.endsWith(`&X-Amz-Signature=${presigned.signature}`)).toBe(true)
  })

  it('refuses a relative URL, another scheme, or a URL already presigned', async () => {
    const request = { method: 'GET', expiresIn: 60 }
    await expect(
      presignUrlSigV4({ ...request, url: '/k', headers: { Host: 'h' } }, credentials, options),
    ).rejects.toThrow(InvalidArgumentError)
    await expect(
      presignUrlSigV4({ ...request, url: 'ftp://h/k' }, credentials, options),
    ).rejects.toThrow(InvalidArgumentError)
    await expect(
      presignUrlSigV4({ ...request, url: `${url}?x-amz-signature=1` }, credentials, options),
    ).rejects.toThrow(InvalidArgumentError)
  })
})
