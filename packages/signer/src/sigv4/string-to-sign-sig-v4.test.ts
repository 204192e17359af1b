import { describe, expect, it } from 'vitest'
import { canonicalRequest } from './canonical-request.js'
import { credentialScope } from './credential-scope.js'
import { stringToSignSigV4 } from './string-to-sign-sig-v4.js'

describe('canonicalRequest and stringToSignSigV4', () => {
  it('reproduce the S3 documentation GET Object example', async () => {
    const creq = canonicalRequest({
      method: 'GET',
      uri: '/test.txt',
      query: '',
      headers:
        'host:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\nx-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-amz-date:20130524T000000Z\n',
      signedHeaders: 'host;range;x-amz-content-sha256;x-amz-date',
      payloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    })
    expect(creq.split('\n')).toHaveLength(10)
    const sts = await stringToSignSigV4(
      '20130524T000000Z',
      credentialScope('20130524', 'us-east-1', 's3'),
      creq,
    )
    expect(sts).toBe(
      'AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972',
    )
  })
})
