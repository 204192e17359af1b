import { describe, expect, it } from 'vitest'
import { UsageError } from './errors.js'
import { parseMetadata, parsePutOptions } from './put-options.js'

describe('parsePutOptions', () => {
  it('defaults to nothing but the flags', () => {
    expect(parsePutOptions({})).toEqual({
      exactSize: false,
      sha256: false,
      leavePartsOnError: false,
      json: false,
    })
  })

  it('converts every option', () => {
    expect(
      parsePutOptions({
        'part-size': '16MiB',
        concurrency: '8',
        'memory-limit': '1GiB',
        size: '100M',
        'exact-size': true,
        'storage-class': 'reduced_redundancy',
        sse: true,
        'content-type': 'application/x-tar',
        meta: ['Owner=ops', 'build=42'],
        resume: 'j.json',
        'keep-on-error': true,
        sha256: true,
        json: true,
        progress: false,
      }),
    ).toEqual({
      partSize: 16 * 2 ** 20,
      concurrency: 8,
      memoryLimit: 2 ** 30,
      sizeHint: 100 * 2 ** 20,
      exactSize: true,
      storageClass: 'REDUCED_REDUNDANCY',
      serverSideEncryption: true,
      contentType: 'application/x-tar',
      metadata: { owner: 'ops', build: '42' },
      journal: 'j.json',
      leavePartsOnError: true,
      sha256: true,
      json: true,
      progress: false,
    })
  })

  it.each([
    [{ concurrency: '0' }, 'invalid --concurrency "0"'],
    [{ concurrency: '2.5' }, 'invalid --concurrency'],
    [{ 'part-size': 'big' }, 'invalid --part-size "big"'],
    [{ 'part-size': '1MiB' }, 'invalid --part-size "1MiB": use 5MiB to 5GiB'],
    [{ 'part-size': '6GiB' }, 'invalid --part-size "6GiB": use 5MiB to 5GiB'],
    [{ 'exact-size': true }, '--exact-size needs --size'],
    [{ 'storage-class': 'GLACIER' }, 'invalid --storage-class "GLACIER"'],
    [{ resume: '' }, '--resume needs a file name'],
  ])('rejects %j', (values, message) => {
    expect(() => parsePutOptions(values)).toThrow(UsageError)
    expect(() => parsePutOptions(values)).toThrow(message)
  })
})

describe('parseMetadata', () => {
  it('splits at the first = and keeps the rest of the value', () => {
    expect(parseMetadata(['a=b=c', 'empty='])).toEqual({ a: 'b=c', empty: '' })
  })

  it.each(['novalue', '=x', 'bad name=x', 'a=line\nbreak', 'a=ünï'])('rejects %j', (pair) => {
    expect(() => parseMetadata([pair])).toThrow(UsageError)
  })
})
