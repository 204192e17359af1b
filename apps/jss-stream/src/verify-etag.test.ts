import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { minPartSize, verifyEtag } from './verify-etag.js'

const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex')

describe('verifyEtag', () => {
  const bodyMd5 = md5('hello world')

  it('verifies a single PUT, quoted or not', () => {
    expect(verifyEtag({ etag: bodyMd5, bodyMd5, size: 11 })).toBe('md5')
    expect(verifyEtag({ etag: `"${bodyMd5.toUpperCase()}"`, bodyMd5, size: 11 })).toBe('md5')
  })

  it('verifies a one-part multipart upload', () => {
    expect(verifyEtag({ etag: md5(bodyMd5), bodyMd5, size: 11 })).toBe('one-part')
  })

  it('reports a mismatch on an object too small to have several parts', () => {
    expect(verifyEtag({ etag: md5('other'), bodyMd5, size: 11 })).toBe('mismatch')
    expect(verifyEtag({ etag: md5('other'), bodyMd5, size: minPartSize - 1 })).toBe('mismatch')
  })

  it('checks a multipart ETag against the recorded schedule', () => {
    const parts = md5(md5('a') + md5('b'))
    const size = minPartSize * 3
    expect(verifyEtag({ etag: parts, bodyMd5, size, scheduleEtag: parts })).toBe('parts')
    expect(verifyEtag({ etag: parts, bodyMd5, size, scheduleEtag: md5('x') })).toBe('mismatch')
  })

  it('leaves a larger object with another ETag and no schedule unverified', () => {
    const parts = md5(md5('a') + md5('b'))
    expect(verifyEtag({ etag: parts, bodyMd5, size: minPartSize + 1 })).toBe('multipart')
  })
})

describe('verifyEtag with an S3-style -N suffix', () => {
  const bodyMd5 = md5('hello world')

  it('never takes it for a plain MD5, and compares the part ETag without the suffix', () => {
    expect(verifyEtag({ etag: `${bodyMd5}-1`, bodyMd5, size: 11 })).toBe('mismatch')
    expect(verifyEtag({ etag: `${md5(bodyMd5)}-1`, bodyMd5, size: 11 })).toBe('one-part')
    const parts = md5(md5('a') + md5('b'))
    const size = minPartSize * 3
    expect(
      verifyEtag({ etag: `"${parts}-2"`, bodyMd5: undefined, size, scheduleEtag: parts }),
    ).toBe('parts')
  })
})
