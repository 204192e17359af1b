import { createHash, randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createMd5Lanes } from './md5-lanes.js'
import { buildMd5LanesModule } from './md5-lanes-module.js'

const module = new WebAssembly.Module(buildMd5LanesModule() as Uint8Array<ArrayBuffer>)
const lanes = createMd5Lanes(module)
const md5 = (chunks: readonly Uint8Array[]): string => {
  const hash = createHash('md5')
  for (const chunk of chunks) hash.update(chunk)
  return hash.digest('hex')
}

describe('createMd5Lanes', () => {
  it('answers the RFC 1321 test suite, eight lanes and four', () => {
    const suite: [string, string][] = [
      ['', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['a', '0cc175b9c0f1b6a831c399e269772661'],
      ['abc', '900150983cd24fb0d6963f7d28e17f72'],
      ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
      ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
      [
        'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
        'd174ab98d277d9f5a5611c2c9f419d9f',
      ],
      [
        '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
        '57edf4a22be3c955ac49da2e2107b67a',
      ],
    ]
    const inputs = suite.map(([text]) => [new TextEncoder().encode(text)])
    expect(lanes.digest(inputs)).toEqual(suite.map(([, hex]) => hex))
    expect(lanes.digest(inputs.slice(0, 3))).toEqual(suite.slice(0, 3).map(([, hex]) => hex))
  })

  it('pads every length around a block and a stretch boundary', () => {
    const lengths = [
      0,
      1,
      55,
      56,
      57,
      63,
      64,
      65,
      119,
      120,
      128,
      256 * 1024 - 1,
      256 * 1024,
      256 * 1024 + 70,
    ]
    const inputs = lengths.map((n) => [randomBytes(n)])
    expect(lanes.digest(inputs)).toEqual(inputs.map(md5))
  })

  it('equals node:crypto for any inputs in any chunks (property)', () => {
    const input = fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 })
    fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 19 }), (inputs) => {
        expect(lanes.digest(inputs)).toEqual(inputs.map(md5))
      }),
      { numRuns: 300 },
    )
  })

  it('keeps lanes of very different lengths apart (one long, the others short)', () => {
    const inputs = [
      [randomBytes(700 * 1024)],
      [randomBytes(3)],
      [randomBytes(64 * 1024), randomBytes(5)],
      [],
    ]
    expect(lanes.digest(inputs)).toEqual(inputs.map(md5))
  })

  it('takes inputs into free lanes between stretches, while others are half done', () => {
    const long = [randomBytes(1024 * 1024 + 17)]
    const later = [[randomBytes(300 * 1024)], [randomBytes(63)], [randomBytes(2)], []]
    const lanes8 = createMd5Lanes(module)
    const got = new Map<string, string>()
    lanes8.add(long, 'long')
    expect(lanes8.step()).toEqual([]) // one stretch of the long input
    for (const [i, input] of later.entries()) lanes8.add(input, `later-${i}`)
    expect(lanes8.busy).toBe(5)
    expect(lanes8.free).toBe(3)
    while (lanes8.busy > 0) for (const { token, hex } of lanes8.step()) got.set(String(token), hex)
    expect(got.get('long')).toBe(md5(long))
    for (const [i, input] of later.entries()) expect(got.get(`later-${i}`)).toBe(md5(input))
    for (let i = 0; i < 8; i++) lanes8.add([], i)
    expect(() => lanes8.add([], 'ninth')).toThrow(/no free MD5 lane/)
  })

  it('runs from its source text alone, as the hash worker embeds it', () => {
    const rebuilt = new Function(`return (${String(createMd5Lanes)})`)() as typeof createMd5Lanes
    const inputs = [[randomBytes(1000)], [randomBytes(70)], [randomBytes(5000)]]
    expect(rebuilt(module).digest(inputs)).toEqual(inputs.map(md5))
  })
})
