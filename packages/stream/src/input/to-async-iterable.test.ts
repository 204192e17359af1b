import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { toAsyncIterable } from './to-async-iterable.js'

describe('toAsyncIterable', () => {
  it('keeps the chunk boundaries of an old-style stream', async () => {
    const old = Object.assign(new EventEmitter(), {
      readable: true,
      pause() {},
      resume() {},
    }) as unknown as NodeJS.ReadableStream
    const chunks: string[] = []
    const reading = (async () => {
      for await (const chunk of toAsyncIterable(old)) chunks.push(Buffer.from(chunk).toString())
    })()
    ;(old as unknown as EventEmitter).emit('data', Buffer.from('ab'))
    ;(old as unknown as EventEmitter).emit('data', Buffer.from('cde'))
    ;(old as unknown as EventEmitter).emit('end')
    await reading
    expect(chunks).toEqual(['ab', 'cde'])
  })

  it('reads a web ReadableStream, chunk by chunk', async () => {
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('ab'))
        controller.enqueue(new TextEncoder().encode('cde'))
        controller.close()
      },
    })
    const chunks: string[] = []
    for await (const chunk of toAsyncIterable(web)) chunks.push(Buffer.from(chunk).toString())
    expect(chunks).toEqual(['ab', 'cde'])
  })

  it('refuses what is neither', () => {
    expect(() => toAsyncIterable({} as NodeJS.ReadableStream)).toThrow(TypeError)
  })
})
