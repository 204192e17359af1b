import { createHash, randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createMd5Lanes, MD5_LANES_SCRATCH_PAGES } from './md5-lanes.js'
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

/** A slab memory as `allocateSlab` makes one: `pages` of blocks and room for two lanes' scratch. */
const slabMemory = (pages: number) => {
  const memory = new WebAssembly.Memory({
    initial: pages,
    maximum: pages + 2 * MD5_LANES_SCRATCH_PAGES,
    shared: true,
  })
  return { memory, buffer: memory.buffer as unknown as SharedArrayBuffer }
}

/** A chunk: plain bytes, or the same bytes written into `slab` at `at` (a view of it). */
type ChunkSpec = { bytes: Uint8Array; at: number | undefined }
const chunkIn = (slab: SharedArrayBuffer, { bytes, at }: ChunkSpec): Uint8Array => {
  if (at === undefined) return bytes
  const view = new Uint8Array(slab, at, bytes.byteLength)
  view.set(bytes)
  return view
}

describe('createMd5Lanes on a slab memory', () => {
  const SLAB = 16 * 65536
  const slab = slabMemory(SLAB / 65536)
  const inSlab = createMd5Lanes(module, slab)

  it('hashes inputs in place, in plain views, and in both, as node:crypto does (property)', () => {
    // chunks of random lengths (around blocks and stretches, and empty), in the slab at random
    // offsets or plain; inputs may overlap in the slab, since the lanes only read it
    const length = fc.oneof(
      fc.nat(200),
      fc.integer({ min: 0, max: 4 }).map((n) => n * 64),
      fc.integer({ min: 60_000, max: 70_000 }),
      fc.constantFrom(256 * 1024 - 1, 256 * 1024 + 65),
    )
    const chunk = fc.tuple(length, fc.boolean(), fc.nat()).map(
      ([n, plain, seed]): ChunkSpec => ({
        bytes: randomBytes(n),
        at: plain ? undefined : seed % (SLAB - n + 1),
      }),
    )
    const inputs = fc.array(fc.array(chunk, { maxLength: 5 }), { minLength: 1, maxLength: 12 })
    fc.assert(
      fc.property(inputs, (specs) => {
        // written one input at a time: a later input may overwrite an earlier one's slab bytes
        for (const input of specs) {
          const chunks = input.map((spec) => chunkIn(slab.buffer, spec))
          expect(inSlab.digest([chunks])).toEqual([md5(chunks)])
        }
        // all at once, in bytes of their own: each input in its own stretch of the slab
        let at = 0
        const all = specs.map((input) =>
          input.map((spec) => {
            if (spec.at === undefined || at + spec.bytes.byteLength > SLAB) return spec.bytes
            const view = chunkIn(slab.buffer, { bytes: spec.bytes, at })
            at += spec.bytes.byteLength
            return view
          }),
        )
        expect(inSlab.digest(all)).toEqual(all.map(md5))
      }),
      { numRuns: 60 },
    )
  })

  it('copies no byte of whole blocks in the slab, and only tails and straddling blocks else', () => {
    const before = inSlab.copiedBytes
    const whole = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => [
      chunkIn(slab.buffer, { bytes: randomBytes(4096 * (i + 1)), at: 8192 * i * 4 + 3 }),
      chunkIn(slab.buffer, { bytes: randomBytes(64), at: SLAB - 64 }),
    ])
    expect(inSlab.digest(whole.slice(0, 1))).toEqual([md5(whole[0]!)]) // md5x1, alone
    expect(inSlab.digest(whole.slice(0, 3))).toEqual(whole.slice(0, 3).map(md5)) // md5x4
    expect(inSlab.digest(whole)).toEqual(whole.map(md5)) // md5x8
    expect(inSlab.copiedBytes).toBe(before)
    // chunks of 1000 bytes: each input's tail, and a block across each joint, are copied
    const ragged = [0, 1, 2].map((i) =>
      [0, 1, 2, 3].map((j) =>
        chunkIn(slab.buffer, { bytes: randomBytes(1000), at: 5000 * (4 * i + j) }),
      ),
    )
    expect(inSlab.digest(ragged)).toEqual(ragged.map(md5))
    expect(inSlab.copiedBytes - before).toBeLessThanOrEqual(3 * (4000 % 64) + 3 * 3 * 64)
    expect(inSlab.copiedBytes - before).toBeGreaterThan(0)
  })

  it('claims its scratch with grow, beside the slab and another instance, and refuses when full', () => {
    const small = slabMemory(1)
    const first = createMd5Lanes(module, small)
    const second = createMd5Lanes(module, small)
    const data = [chunkIn(small.buffer, { bytes: randomBytes(65536), at: 0 })]
    const other = [chunkIn(small.buffer, { bytes: randomBytes(1000), at: 0 })]
    expect(first.digest([data])).toEqual([md5(data)])
    expect(second.digest([other])).toEqual([md5(other)])
    expect(small.memory.buffer.byteLength).toBe((1 + 2 * MD5_LANES_SCRATCH_PAGES) * 65536)
    expect(() => createMd5Lanes(module, small)).toThrow(RangeError)
  })
})
