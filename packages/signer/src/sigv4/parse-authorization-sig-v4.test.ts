import { describe, expect, it } from 'vitest'
import {
  parseAuthorizationSigV4,
  parseCredential,
  parseSignedHeaders,
} from './parse-authorization-sig-v4.js'

const SIG = 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41'
const GOOD = `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=${SIG}`

describe('parseAuthorizationSigV4', () => {
  it('parses the S3 documentation header, with or without the spaces', () => {
    const parsed = parseAuthorizationSigV4(GOOD)
    expect(parsed).toEqual({
      credential: {
        accessKey: 'AKIAIOSFODNN7EXAMPLE',
        day: '20130524',
        region: 'us-east-1',
        service: 's3',
      },
      signedHeaders: ['host', 'range', 'x-amz-content-sha256', 'x-amz-date'],
      signature: SIG,
    })
    expect(parseAuthorizationSigV4(GOOD.replaceAll(', ', ','))).toEqual(parsed)
    expect(parseAuthorizationSigV4(` ${GOOD} `)).toEqual(parsed)
  })

  it('refuses every other form', () => {
    const bad = [
      GOOD.replace('AWS4-HMAC-SHA256', 'aws4-hmac-sha256'),
      GOOD.replace('AWS4-HMAC-SHA256 ', 'AWS4-HMAC-SHA256  '),
      GOOD.replace(', SignedHeaders', ',  SignedHeaders'),
      GOOD.replace(SIG, SIG.toUpperCase()),
      GOOD.replace(SIG, SIG.slice(1)),
      GOOD.replace('host;range', 'range;host'),
      GOOD.replace('host;range', 'host;host;range'),
      GOOD.replace('host;range', 'Host;range'),
      GOOD.replace('/aws4_request', '/aws4_requests'),
      GOOD.replace('/20130524/', '/2013052/'),
      GOOD.replace('Credential=', 'Credential = '),
      `${GOOD}, Extra=1`,
      GOOD.replace(/, Signature=.*/, ''),
      'AWS4-HMAC-SHA256 SignedHeaders=host, Credential=AK/20130524/us-east-1/s3/aws4_request, Signature=' +
        SIG,
      'jingdong AK:c2ln',
    ]
    for (const value of bad) expect(parseAuthorizationSigV4(value), value).toBeUndefined()
  })
})

describe('parseCredential and parseSignedHeaders', () => {
  it('parse the parts strictly', () => {
    expect(parseCredential('AK/20150830/us-east-1/iam/aws4_request')?.service).toBe('iam')
    expect(parseCredential('A/K/20150830/us-east-1/iam/aws4_request')).toBeUndefined()
    expect(parseCredential('AK/20150830/us-east-1/aws4_request')).toBeUndefined()
    expect(parseSignedHeaders('host')).toEqual(['host'])
    expect(parseSignedHeaders('')).toBeUndefined()
    expect(parseSignedHeaders('host;')).toBeUndefined()
  })
})
