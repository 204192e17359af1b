import { describe, expect, it } from 'vitest'
import { detectDialect } from './dialect.js'

describe('detectDialect', () => {
  it('is s3 for a SigV4 Authorization header', () => {
    const headers = {
      authorization:
        'AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00',
    }
    expect(detectDialect({ headers, url: '/b/k' })).toBe('s3')
  })
  it('is s3 for a SigV4 presigned query', () => {
    expect(
      detectDialect({
        headers: {},
        url: '/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=0',
      }),
    ).toBe('s3')
  })
  it('is jss for the jingdong signature, a JSS presigned URL, or no signature', () => {
    expect(detectDialect({ headers: { authorization: 'jingdong AK:SIG' }, url: '/b/k' })).toBe(
      'jss',
    )
    expect(detectDialect({ headers: {}, url: '/b/k?AccessKey=AK&Expires=1&Signature=x' })).toBe(
      'jss',
    )
    expect(detectDialect({ headers: {}, url: '/b/k' })).toBe('jss')
    expect(detectDialect({ headers: {}, url: '/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA1' })).toBe('jss')
  })
  it('goes by the header when there is one, whatever the query says', () => {
    const url = '/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256'
    expect(detectDialect({ headers: { authorization: 'jingdong AK:SIG' }, url })).toBe('jss')
  })
})
