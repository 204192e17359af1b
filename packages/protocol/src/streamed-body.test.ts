import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { JssBodyError } from './errors.js'
import { isStreamedBody, meterBody, type StreamedBody } from './streamed-body.js'

async function collect(body: StreamedBody): Promise<number[]> {
  const sizes: number[] = []
  for await (const chunk of meterBody(body, '/b/k', new AbortController().signal)) {
    sizes.push(chunk.byteLength)
  }
  return sizes
}

describe('meterBody', () => {
  it('passes the chunks on when they add up to the size, and fails with JSS_ERR_BODY_LENGTH otherwise', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 12 }),
        fc.integer({ min: -20, max: 20 }),
        async (chunks, delta) => {
          const total = chunks.reduce((a, b) => a + b, 0)
          const size = Math.max(0, total + delta)
          let closed = false
          const body: StreamedBody = {
            size,
            async *open() {
              try {
                for (const n of chunks) yield new Uint8Array(n)
              } finally {
                closed = true
              }
            },
          }
          const result = await collect(body).catch((e: unknown) => e)
          expect(closed).toBe(true)
          if (size === total) {
            expect(result).toEqual(chunks.filter((n) => n > 0))
          } else {
            expect(result).toBeInstanceOf(JssBodyError)
            expect((result as JssBodyError).code).toBe('JSS_ERR_BODY_LENGTH')
            expect((result as JssBodyError).expected).toBe(size)
          }
        },
      ),
      { seed: 11, numRuns: 200 },
    )
  })

  it('wraps a throwing open() and non-byte chunks as JSS_ERR_BODY', async () => {
    const cause = new Error('no file')
    const broken: StreamedBody = {
      size: 1,
      open: () => {
        throw cause
      },
    }
    await expect(collect(broken)).rejects.toMatchObject({ code: 'JSS_ERR_BODY', cause })
    const strings = {
      size: 1,
      async *open() {
        yield 'x'
      },
    } as unknown as StreamedBody
    await expect(collect(strings)).rejects.toMatchObject({ code: 'JSS_ERR_BODY' })
  })

  it('tells streamed bodies from bytes', () => {
    expect(isStreamedBody({ size: 1, open: () => [] })).toBe(true)
    expect(isStreamedBody(new Uint8Array(1))).toBe(false)
    expect(isStreamedBody([new Uint8Array(1)])).toBe(false)
    expect(isStreamedBody({ size: 1 })).toBe(false)
  })
})
