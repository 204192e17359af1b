import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { multipartEtag } from './multipart-etag.js'

const vectors = JSON.parse(
  readFileSync(new URL('../../../spec/vectors.json', import.meta.url), 'utf8'),
) as { multipartEtag: { partEtags: string[]; etag: string } }

describe('multipartEtag', () => {
  it('reproduces the documented example', () => {
    expect(multipartEtag(vectors.multipartEtag.partEtags)).toBe(vectors.multipartEtag.etag)
  })
  it('ignores the case of the part ETags', () => {
    const upper = vectors.multipartEtag.partEtags.map((e) => e.toUpperCase())
    expect(multipartEtag(upper)).toBe(vectors.multipartEtag.etag)
  })
})
