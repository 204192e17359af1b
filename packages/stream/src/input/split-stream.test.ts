import { Readable } from 'node:stream'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidOptionError } from '../errors.js'
import { type PartSegment, splitParts, splitStream } from './split-stream.js'

async function collect(segments: AsyncIterable<PartSegment>): Promise<PartSegment[]> {
  const out: PartSegment[] = []
  for await (const segment of segments) out.push(segment)
  return out
}

async function* fromArray(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks
}

describe('splitStream', () => {
  it('cuts parts at the planned sizes without copying a byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        async (chunks, partSize, growing) => {
          const sizeAt = (n: number): number => (growing ? partSize * n : partSize)
          const segments = await collect(splitStream(fromArray(chunks), { sizeAt }))
          const input = Buffer.concat(chunks)
          expect(Buffer.concat(segments.map((s) => s.data))).toEqual(input)
          for (const s of segments) {
            expect(chunks.some((c) => c.buffer === s.data.buffer)).toBe(true)
          }
          const sizes = new Map<number, number>()
          for (const s of segments)
            sizes.set(s.partNumber, (sizes.get(s.partNumber) ?? 0) + s.data.byteLength)
          const numbers = [...sizes.keys()]
          expect(numbers).toEqual(numbers.map((_, i) => i + 1))
          for (const [n, size] of sizes) {
            const done = segments.some((s) => s.partNumber === n && s.partDone)
            if (n < numbers.length) expect(size).toBe(sizeAt(n))
            expect(done).toBe(size === sizeAt(n))
          }
        },
      ),
      { seed: 1, numRuns: 200 },
    )
  })

  it('reads a Readable with string chunks', async () => {
    const segments = await collect(splitStream(Readable.from(['abc', 'defg']), { sizeAt: () => 3 }))
    expect(segments.map((s) => [s.partNumber, Buffer.from(s.data).toString(), s.partDone])).toEqual(
      [
        [1, 'abc', true],
        [2, 'def', true],
        [3, 'g', false],
      ],
    )
  })

  it('rejects with the abort reason and closes the source', async () => {
    const controller = new AbortController()
    const source = new Readable({ read() {} })
    source.push(Buffer.from('xy'))
    const reason = new Error('stop')
    const segments = splitStream(source, { sizeAt: () => 10, signal: controller.signal })
    await segments.next()
    const pending = segments.next()
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
    await segments.return()
    await new Promise((resolve) => setImmediate(resolve))
    expect(source.destroyed).toBe(true)
  })

  it('refuses chunks that are not bytes', async () => {
    await expect(collect(splitStream(Readable.from([{}]), { sizeAt: () => 3 }))).rejects.toThrow(
      InvalidOptionError,
    )
  })
})

describe('splitParts', () => {
  it('makes each element one part and skips empty ones', async () => {
    const parts = [Buffer.from('aaa'), Buffer.alloc(0), Buffer.from('b')]
    const segments = await collect(splitParts(fromArray(parts)))
    expect(segments.map((s) => [s.partNumber, s.data.byteLength, s.partDone])).toEqual([
      [1, 3, true],
      [2, 1, true],
    ])
  })
})

describe('splitStream with degenerate sizes', () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1.5])(
    'fails with a coded error instead of cutting empty segments forever (size %s)',
    async (bad) => {
      for (const at of [1, 2]) {
        const sizeAt = (n: number): number => (n < at ? 2 : bad)
        const segments = splitStream(fromArray([Buffer.from('abcdef')]), { sizeAt })
        // before, these were endless empty segments of the same chunk, yielded in microtasks
        let pulled = 0
        const pulling = (async () => {
          for await (const segment of segments) {
            expect(segment.data.byteLength).toBeGreaterThan(0)
            if (++pulled > 10) throw new Error('still cutting')
          }
        })()
        await expect(pulling).rejects.toMatchObject({ code: 'JSS_ERR_INVALID_OPTION' })
      }
    },
  )
})
