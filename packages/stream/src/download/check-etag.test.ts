import { createHash } from 'node:crypto'
import { multipartEtag } from '@jss/protocol'
import { describe, expect, it } from 'vitest'
import { DownloadIntegrityError } from '../errors.js'
import { DEFAULT_LIMITS } from '../parts/part-limits.js'
import { checkEtag } from './check-etag.js'

const md5 = (text: string): string => createHash('md5').update(text).digest('hex')
const big = DEFAULT_LIMITS.minPartSize

describe('checkEtag', () => {
  it('verifies a single PUT, a one-part upload and the parts of a schedule', () => {
    expect(checkEtag({ etag: md5('a'), minPartSize: big, size: 1, bodyMd5: md5('a') })).toBe('md5')
    expect(
      checkEtag({ etag: multipartEtag([md5('a')]), minPartSize: big, size: 1, bodyMd5: md5('a') }),
    ).toBe('one-part')
    const parts = [md5('a'), md5('b')]
    expect(
      checkEtag({ etag: multipartEtag(parts), minPartSize: big, size: 2, partMd5s: parts }),
    ).toBe('parts')
    expect(
      checkEtag({ etag: `${multipartEtag(parts)}-2`, minPartSize: big, size: 2, partMd5s: parts }),
    ).toBe('parts')
  })

  it('rejects bytes that contradict the ETag', () => {
    expect(() =>
      checkEtag({ etag: md5('a'), minPartSize: big, size: 1, bodyMd5: md5('b') }),
    ).toThrow(DownloadIntegrityError)
    expect(() =>
      checkEtag({ etag: md5('a'), minPartSize: big, size: big, partMd5s: [md5('b'), md5('c')] }),
    ).toThrow(expect.objectContaining({ code: 'JSS_ERR_DOWNLOAD_INTEGRITY', reason: 'mismatch' }))
    expect(() =>
      checkEtag({ etag: md5('a'), minPartSize: big, size: big, partMd5s: [md5('b')] }),
    ).toThrow(DownloadIntegrityError)
  })

  it('answers unverifiable for a multipart ETag without the schedule, or when nothing was hashed', () => {
    expect(checkEtag({ etag: md5('x'), minPartSize: big, size: big, bodyMd5: md5('a') })).toBe(
      'unverifiable',
    )
    expect(checkEtag({ etag: md5('x'), minPartSize: big, size: 1 })).toBe('unverifiable')
  })

  it('never takes an ETag with an S3-style -N suffix for a plain MD5', () => {
    const body = md5('hello world')
    expect(() =>
      checkEtag({ etag: `${body}-1`, minPartSize: big, size: 11, bodyMd5: body }),
    ).toThrow(DownloadIntegrityError)
    expect(
      checkEtag({ etag: `${multipartEtag([body])}-1`, minPartSize: big, size: 11, bodyMd5: body }),
    ).toBe('one-part')
    expect(() =>
      checkEtag({ etag: `${multipartEtag([body])}-2`, minPartSize: big, size: 11, bodyMd5: body }),
    ).toThrow(DownloadIntegrityError)
  })
})
