import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { defaultAddressing } from './addressing.js'
import { JSS_DIALECT, s3Dialect, s3MultipartEtag } from './dialect.js'
import { multipartEtag } from './multipart-etag.js'
import { settingsHeaders } from './object-headers.js'

const md5 = (data: Uint8Array | string) => createHash('md5').update(data).digest('hex')

describe('the dialects', () => {
  const s3 = s3Dialect('eu-west-1')

  it('send Content-MD5 as JSS and S3 read it: hex, or base64 of the digest', () => {
    const hex = md5('hello')
    expect(JSS_DIALECT.contentMd5(hex)).toBe(hex)
    expect(s3.contentMd5(hex)).toBe(createHash('md5').update('hello').digest('base64'))
  })

  it('name settings headers in their own prefix; S3 asks for AES256 and has no "off"', () => {
    const settings = {
      storageClass: 'REDUCED_REDUNDANCY' as const,
      serverSideEncryption: true,
      metadata: { Owner: 'etl' },
    }
    expect(settingsHeaders(settings, JSS_DIALECT)).toEqual({
      'x-jss-storage-class': 'REDUCED_REDUNDANCY',
      'x-jss-server-side-encryption': 'true',
      'x-jss-meta-owner': 'etl',
    })
    expect(settingsHeaders(settings, s3)).toEqual({
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      'x-amz-server-side-encryption': 'AES256',
      'x-amz-meta-owner': 'etl',
    })
    expect(settingsHeaders({ serverSideEncryption: false }, s3)).toEqual({})
    expect(settingsHeaders({ serverSideEncryption: false }, JSS_DIALECT)).toEqual({
      'x-jss-server-side-encryption': 'false',
    })
  })

  it('compute the multipart ETag by their own rule', () => {
    const parts = [md5('a'), md5('b')]
    expect(JSS_DIALECT.multipartEtag(parts)).toBe(multipartEtag(parts))
    const binary = Buffer.concat(parts.map((p) => Buffer.from(p, 'hex')))
    expect(s3.multipartEtag(parts)).toBe(`${md5(binary)}-2`)
    expect(s3MultipartEtag(parts)).toBe(s3.multipartEtag(parts))
  })

  it('address AWS and JD Cloud OSS hosts virtual-host style in S3, JSS hosts in JSS, others by path', () => {
    const of = (url: string, dialect: 'jss' | 's3') => defaultAddressing(new URL(url), dialect)
    expect(of('https://s3.eu-west-1.amazonaws.com', 's3')).toBe('virtual-host')
    expect(of('https://s3.cn-north-1.jdcloud-oss.com', 's3')).toBe('virtual-host')
    expect(of('https://s.jcloud.com', 's3')).toBe('path')
    expect(of('http://127.0.0.1:9000', 's3')).toBe('path')
    expect(of('https://evil-amazonaws.com', 's3')).toBe('path')
    expect(of('https://s3.amazonaws.com', 'jss')).toBe('path')
    expect(of('https://s.jcloud.com', 'jss')).toBe('virtual-host')
  })
})
