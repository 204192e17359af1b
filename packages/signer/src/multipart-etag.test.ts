import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { loadVectors } from '../test/vectors.js'
import { InvalidArgumentError } from './errors.js'
import { computeMultipartEtag, computeS3MultipartEtag } from './multipart-etag.js'

const md5 = (data: Uint8Array): string => createHash('md5').update(data).digest('hex')
const vectors = loadVectors()

/** Node's own reading of the rule: each ETag lowercased, fed as 'ascii'. */
function nodeMultipartEtag(partEtags: readonly string[]): string {
  const hash = createHash('md5')
  for (const etag of partEtags) hash.update(etag.toLowerCase(), 'ascii')
  return hash.digest('hex')
}

describe('computeMultipartEtag', () => {
  it('gives the doc example', () => {
    expect(
      computeMultipartEtag(
        [
          '9223eed2740a549634ac58688d33b614',
          'aa286070fe65d16d39fb8997143ea564',
          '3b586f704fcd6b714fde125aeffc3e74',
        ],
        md5,
      ),
    ).toBe('4e456c2fc34928a3e2fa202acf71870a')
  })

  it(`gives the spec/vectors.json vector (${vectors.multipartEtag.name})`, () => {
    const { partEtags, etag } = vectors.multipartEtag
    expect(computeMultipartEtag(partEtags, md5)).toBe(etag)
    expect(computeMultipartEtag(partEtags, md5)).not.toMatch(/-\d+$/)
  })

  it('lowercases the part ETags', () => {
    const { partEtags, etag } = vectors.multipartEtag
    expect(
      computeMultipartEtag(
        partEtags.map((e) => e.toUpperCase()),
        md5,
      ),
    ).toBe(etag)
  })

  it('takes the parts in order', () => {
    const { partEtags, etag } = vectors.multipartEtag
    expect(computeMultipartEtag([...partEtags].reverse(), md5)).not.toBe(etag)
  })

  it('hashes the hex text of one part, not the part ETag itself', () => {
    const { etag } = vectors.partEtag
    expect(md5(new TextEncoder().encode(vectors.partEtag.body))).toBe(etag)
    expect(computeMultipartEtag([etag], md5)).toBe(md5(new TextEncoder().encode(etag)))
    expect(computeMultipartEtag([etag], md5)).not.toBe(etag)
  })

  it('gives the MD5 of nothing for no parts', () => {
    expect(computeMultipartEtag([], md5)).toBe('d41d8cd98f00b204e9800998ecf8427e')
  })

  it("agrees with Node's 'ascii' hashing, even on characters that are not ASCII", () => {
    for (const partEtags of [['ABC', 'def'], ['é', 'Ā', '\u2603'], ['x'.repeat(1000)]]) {
      expect(computeMultipartEtag(partEtags, md5)).toBe(nodeMultipartEtag(partEtags))
    }
  })

  it('lowercases what md5 returns', () => {
    const upper = (data: Uint8Array): string => md5(data).toUpperCase()
    expect(computeMultipartEtag(vectors.multipartEtag.partEtags, upper)).toBe(
      vectors.multipartEtag.etag,
    )
  })

  it('refuses bad arguments with InvalidArgumentError', () => {
    const bad = [
      () => computeMultipartEtag('abc' as unknown as string[], md5),
      () => computeMultipartEtag([1] as unknown as string[], md5),
      () => computeMultipartEtag([], undefined as unknown as (data: Uint8Array) => string),
      () => computeMultipartEtag([], () => 'not hex'),
      () => computeMultipartEtag([], () => 1 as unknown as string),
    ]
    for (const call of bad) expect(call).toThrow(InvalidArgumentError)
  })
})

describe('computeS3MultipartEtag', () => {
  /** Node's own reading of the S3 rule: the binary digests, concatenated. */
  function nodeS3Etag(partEtags: readonly string[]): string {
    const hash = createHash('md5')
    for (const etag of partEtags) hash.update(Buffer.from(etag, 'hex'))
    return `${hash.digest('hex')}-${partEtags.length}`
  }
  const parts = ['9223eed2740a549634ac58688d33b614', 'aa286070fe65d16d39fb8997143ea564']

  it('hashes the binary part MD5s and appends -N', () => {
    const etag = computeS3MultipartEtag(parts, md5)
    expect(etag).toBe(nodeS3Etag(parts))
    expect(etag).toMatch(/^[0-9a-f]{32}-2$/)
    // Not the JSS rule (hex text, no suffix).
    expect(etag.slice(0, 32)).not.toBe(computeMultipartEtag(parts, md5))
  })

  it('gives the well-known ETag of one part of "hello"', () => {
    const part = md5(new TextEncoder().encode('hello'))
    // md5(md5('hello') as bytes), as S3 reports for a one-part upload of "hello".
    expect(computeS3MultipartEtag([part], md5)).toBe(`${md5(Buffer.from(part, 'hex'))}-1`)
  })

  it('ignores the case of the part ETags and keeps the order', () => {
    expect(
      computeS3MultipartEtag(
        parts.map((p) => p.toUpperCase()),
        md5,
      ),
    ).toBe(computeS3MultipartEtag(parts, md5))
    expect(computeS3MultipartEtag([...parts].reverse(), md5)).not.toBe(
      computeS3MultipartEtag(parts, md5),
    )
  })

  it('refuses part ETags that are not MD5s, and bad arguments', () => {
    for (const bad of [['abc'], ['"9223eed2740a549634ac58688d33b614"'], [`${parts[0]}-2`]]) {
      expect(() => computeS3MultipartEtag(bad, md5)).toThrow(InvalidArgumentError)
    }
    expect(() => computeS3MultipartEtag('x' as unknown as string[], md5)).toThrow(
      InvalidArgumentError,
    )
    expect(() => computeS3MultipartEtag(parts, () => 'nope')).toThrow(InvalidArgumentError)
  })
})
