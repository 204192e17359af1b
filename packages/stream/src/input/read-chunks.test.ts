import { Readable } from 'node:stream'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readChunks } from './read-chunks.js'

/** A Readable that pushes `chunks` in `read()`: all at once (synchronously), or one per macrotask. */
function source(chunks: readonly Uint8Array[], async = false, highWaterMark = 16384): Readable {
  let next = 0
  return new Readable({
    highWaterMark,
    read() {
      /** Pushes the next chunk (or the end); false once the stream wants no more for now. */
      const push = (): boolean => {
        if (next > chunks.length) return false
        const chunk = next < chunks.length ? chunks[next]! : null
        next++
        return this.push(chunk) && chunk !== null
      }
      if (async) setImmediate(push)
      else while (push()) {}
    },
  })
}

async function collect(
  iterable: AsyncIterable<Uint8Array | string>,
): Promise<(Uint8Array | string)[]> {
  const out: (Uint8Array | string)[] = []
  for await (const chunk of iterable) out.push(chunk)
  return out
}

describe('readChunks', () => {
  it('hands out each chunk as it was pushed, never joined into a copy', async () => {
    const chunks = [Buffer.alloc(1000, 1), Buffer.alloc(2000, 2), Buffer.alloc(100, 3)]
    // Node's own iterator joins what one synchronous read() pushed (a copy): why this exists.
    const joined = await collect(source(chunks, false, 65536))
    expect(joined).toHaveLength(1)
    const read = await collect(readChunks(source(chunks, false, 65536)))
    expect(read).toHaveLength(3)
    for (const [i, chunk] of read.entries()) expect(chunk).toBe(chunks[i])
  })

  it('keeps every byte in order, whatever the chunks and the timing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 40_000 }), { maxLength: 12 }),
        fc.boolean(),
        async (arrays, async) => {
          const chunks = arrays.map((a) => Buffer.from(a))
          const read = await collect(readChunks(source(chunks, async)))
          expect(read.length).toBe(chunks.length)
          expect(Buffer.concat(read as Buffer[])).toEqual(Buffer.concat(chunks))
        },
      ),
      { numRuns: 60 },
    )
  })

  it('fails with the stream error after the chunks that came before it', async () => {
    const stream = new Readable({ read() {} })
    const read: (Uint8Array | string)[] = []
    const reading = (async () => {
      for await (const chunk of readChunks(stream)) read.push(chunk)
    })()
    stream.push(Buffer.from('ab'))
    await new Promise((resolve) => setImmediate(resolve))
    stream.destroy(new Error('disk on fire'))
    await expect(reading).rejects.toThrow('disk on fire')
    expect(read.map(String)).toEqual(['ab'])
  })

  it('fails, never ends quietly, when the stream is destroyed before its end', async () => {
    const stream = new Readable({ read() {} })
    stream.push(Buffer.from('partial'))
    setImmediate(() => stream.destroy())
    await expect(collect(readChunks(stream))).rejects.toMatchObject({
      code: 'ERR_STREAM_PREMATURE_CLOSE',
    })
  })

  it('destroy() fails a read that waits for data', async () => {
    const stream = new Readable({ read() {} })
    const chunks = readChunks(stream)
    const iterator = chunks[Symbol.asyncIterator]()
    const pending = iterator.next()
    chunks.destroy()
    await expect(pending).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' })
    expect(stream.destroyed).toBe(true)
  })

  it('destroys the stream when the loop is left early', async () => {
    const stream = source([Buffer.from('a'), Buffer.from('b'), Buffer.from('c')], true)
    for await (const _ of readChunks(stream)) break
    expect(stream.destroyed).toBe(true)
  })

  it('reads a stream that was paused explicitly, and string chunks', async () => {
    const stream = Readable.from(['x', 'yz'], { objectMode: false }).setEncoding('utf8')
    stream.pause()
    expect((await collect(readChunks(stream))).join('')).toBe('xyz')
  })

  it('ends at once on a stream that already ended', async () => {
    const stream = source([])
    await collect(stream)
    expect(await collect(readChunks(stream))).toEqual([])
  })
})
