import { describe, expect, it } from 'vitest'
import { parseCompleteBody } from './read-complete-body.js'

describe('parseCompleteBody', () => {
  it('reads the object form, the bare array form, quoted ETags and numeric strings', () => {
    const parts = [
      { partNumber: 1, etag: 'aa' },
      { partNumber: 2, etag: 'bb' },
    ]
    expect(
      parseCompleteBody('{"Part":[{"PartNumber":1,"ETag":"aa"},{"PartNumber":2,"ETag":"BB"}]}'),
    ).toEqual(parts)
    expect(
      parseCompleteBody('[{"PartNumber":"1","ETag":"\\"aa\\""},{"PartNumber":2,"ETag":"bb"}]'),
    ).toEqual(parts)
  })
  it('throws MalformedJson otherwise', () => {
    for (const text of [
      '',
      'nope',
      'null',
      '{}',
      '{"Part":[]}',
      '[{"PartNumber":0,"ETag":"a"}]',
      '[{"PartNumber":1}]',
      '[{"PartNumber":1.5,"ETag":"a"}]',
    ]) {
      expect(() => parseCompleteBody(text)).toThrow(
        expect.objectContaining({ jssCode: 'MalformedJson', status: 400 }),
      )
    }
  })
})
