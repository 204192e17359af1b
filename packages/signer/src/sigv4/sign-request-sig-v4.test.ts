import { describe, expect, it } from 'vitest'
import { InvalidArgumentError, InvalidCredentialsError, InvalidDateError } from '../errors.js'
import { signRequestSigV4 } from './sign-request-sig-v4.js'

const credentials = {
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}
const date = new Date('2013-05-24T00:00:00Z')
const url = 'https://examplebucket.s3.amazonaws.com/test.txt'

describe('signRequestSigV4', () => {
  it('returns the headers to send, Host only when given, and the intermediate strings', async () => {
    const signed = await signRequestSigV4(
      {
        method: 'get',
        url,
        headers: { Range: 'bytes=0-9', authorization: 'old', 'User-Agent': 'x' },
      },
      credentials,
      { region: 'us-east-1', date },
    )
    expect(Object.keys(signed.headers)).toEqual([
      'Range',
      'User-Agent',
      'X-Amz-Date',
      'X-Amz-Content-Sha256',
      'Authorization',
    ])
    expect(signed.headers['X-Amz-Content-Sha256']).toBe('UNSIGNED-PAYLOAD')
    expect(signed.signedHeaders).toBe('host;range;x-amz-content-sha256;x-amz-date')
    expect(signed.credentialScope).toBe('20130524/us-east-1/s3/aws4_request')
    expect(signed.canonicalRequest.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true)
    expect(signed.stringToSign.startsWith('AWS4-HMAC-SHA256\n20130524T000000Z\n')).toBe(true)
    expect(signed.headers.Authorization).toContain(`Signature=${signed.signature}`)
  })

  it('signs a session token, and the Host header given', async () => {
    const signed = await signRequestSigV4(
      { method: 'GET', url: '/test.txt', headers: { Host: 'examplebucket.s3.amazonaws.com' } },
      { ...credentials, sessionToken: 'TOKEN' },
      { region: 'us-east-1', date },
    )
    expect(signed.headers['X-Amz-Security-Token']).toBe('TOKEN')
    expect(signed.headers.Host).toBe('examplebucket.s3.amazonaws.com')
    expect(signed.signedHeaders).toBe('host;x-amz-content-sha256;x-amz-date;x-amz-security-token')
  })

  it('takes the date from X-Amz-Date when no clock is given', async () => {
    const signed = await signRequestSigV4(
      { method: 'GET', url, headers: { 'x-amz-date': '20130524T000000Z' } },
      credentials,
      { region: 'us-east-1' },
    )
    expect(signed.headers['X-Amz-Date']).toBe('20130524T000000Z')
    await expect(
      signRequestSigV4(
        { method: 'GET', url, headers: { 'x-amz-date': 'yesterday' } },
        credentials,
        { region: 'us-east-1' },
      ),
    ).rejects.toThrow(InvalidDateError)
  })

  it('sends no X-Amz-Content-Sha256 for other services unless asked', async () => {
    const signed = await signRequestSigV4({ method: 'GET', url }, credentials, {
      region: 'us-east-1',
      service: 'iam',
      date,
    })
    expect(signed.headers['X-Amz-Content-Sha256']).toBeUndefined()
    expect(
      signed.canonicalRequest.endsWith(
        '\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ),
    ).toBe(true)
  })

  it('refuses invalid arguments with the package errors', async () => {
    const region = { region: 'us-east-1', date }
    await expect(
      signRequestSigV4({ method: 'GET', url: '/k' }, credentials, region),
    ).rejects.toThrow(InvalidArgumentError)
    await expect(signRequestSigV4({ method: 'G T', url }, credentials, region)).rejects.toThrow(
      InvalidArgumentError,
    )
    await expect(
      signRequestSigV4({ method: 'GET', url }, { accessKey: 'A/K', secretKey: 's' }, region),
    ).rejects.toThrow(InvalidCredentialsError)
    await expect(
      signRequestSigV4({ method: 'GET', url }, { ...credentials, sessionToken: '' }, region),
    ).rejects.toThrow(InvalidCredentialsError)
    await expect(
      signRequestSigV4({ method: 'GET', url }, credentials, { region: 'us east' }),
    ).rejects.toThrow(InvalidArgumentError)
    await expect(
      signRequestSigV4({ method: 'GET', url }, credentials, {
        region: 'us-east-1',
        date: new Date(Number.NaN),
      }),
    ).rejects.toThrow(InvalidDateError)
    await expect(
      signRequestSigV4({ method: 'GET', url }, credentials, { ...region, payloadHash: 'abc' }),
    ).rejects.toThrow(InvalidArgumentError)
  })
})
