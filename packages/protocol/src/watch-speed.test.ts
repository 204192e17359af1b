import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { watchSpeed } from './watch-speed.js'

async function* drip(bytes: number, everyMs: number) {
  for (let i = 0; i < bytes; i++) {
    await new Promise((resolve) => setTimeout(resolve, everyMs))
    yield Buffer.from('x')
  }
}

/** A floor no body reaches (1 GB/s over 30 ms): only a reader that is behind keeps it alive. */
const strictFloor = { windowMs: 30, minBytesPerSecond: 1e9, stalled: () => new Error('stalled') }

describe('watchSpeed', () => {
  it('destroys a body that drips below the floor over a window', async () => {
    const body = watchSpeed(Readable.from(drip(1000, 20)), {
      windowMs: 200,
      minBytesPerSecond: 1000,
      stalled: () => new Error('stalled'),
    })
    await expect(async () => {
      for await (const _ of body) {
        // read as fast as it comes
      }
    }).rejects.toThrow('stalled')
  })

  it('lets a body above the floor through, byte for byte', async () => {
    const chunks = Array.from({ length: 50 }, (_, i) => Buffer.alloc(1024, i))
    const body = watchSpeed(Readable.from(chunks), {
      windowMs: 50,
      minBytesPerSecond: 1000,
      stalled: () => new Error('stalled'),
    })
    const out: Buffer[] = []
    for await (const chunk of body) out.push(chunk as Buffer)
    expect(Buffer.concat(out).equals(Buffer.concat(chunks))).toBe(true)
  })

  it('never blames the server for a slow reader', async () => {
    const chunks = Array.from({ length: 64 }, () => Buffer.alloc(64 * 1024))
    const body = watchSpeed(Readable.from(chunks), strictFloor)
    let size = 0
    for await (const chunk of body) {
      size += (chunk as Buffer).length
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(size).toBe(64 * 64 * 1024)
  })

  it('never blames the server for a flowing reader that paused to take its time', async () => {
    const chunks = Array.from({ length: 32 }, () => Buffer.alloc(64 * 1024))
    const body = watchSpeed(Readable.from(chunks), strictFloor)
    let size = 0
    await new Promise<void>((resolve, reject) => {
      body.on('data', (chunk: Buffer) => {
        size += chunk.length
        body.pause()
        setTimeout(() => body.resume(), 10)
      })
      body.on('end', resolve)
      body.on('error', reject)
    })
    expect(size).toBe(32 * 64 * 1024)
  })

  it('stops watching once the end arrived, even when the reader comes late', async () => {
    const source = new Readable({ read() {} })
    source.push(null)
    const body = watchSpeed(source, {
      windowMs: 10,
      minBytesPerSecond: 1000,
      stalled: () => new Error('stalled'),
    })
    await new Promise((resolve) => setTimeout(resolve, 60))
    const out: unknown[] = []
    for await (const chunk of body) out.push(chunk)
    expect(out).toEqual([])
  })

  it('is off at 0', () => {
    const source = Readable.from([])
    expect(
      watchSpeed(source, { windowMs: 1, minBytesPerSecond: 0, stalled: () => new Error() }),
    ).toBe(source)
  })
})
