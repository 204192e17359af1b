import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, write } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readPipe } from './read-pipe.js'

const dir = mkdtempSync(join(tmpdir(), 'jss-pipe-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function writeAll(fd: number, data: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    write(fd, data, (error) => (error ? reject(error) : resolve()))
  })
}

describe('readPipe', () => {
  it('reads a FIFO whole into its reused buffer, chunk by chunk', async () => {
    const fifo = join(dir, 'whole.fifo')
    execFileSync('mkfifo', [fifo])
    const writer = openSync(fifo, 'r+')
    const reader = openSync(fifo, 'r')
    const data = new Uint8Array(3 * 1024 * 1024 + 123).map((_, i) => (i * 7) % 251)
    const written = writeAll(writer, data).then(() => closeSync(writer))
    const copies: Buffer[] = []
    for await (const chunk of readPipe(reader, 100_000)) {
      expect(chunk.byteLength).toBeLessThanOrEqual(100_000)
      copies.push(Buffer.from(chunk))
    }
    await written
    expect(Buffer.concat(copies).equals(Buffer.from(data))).toBe(true)
  })

  it('stops reading and closes the pipe when the consumer returns early', async () => {
    const fifo = join(dir, 'early.fifo')
    execFileSync('mkfifo', [fifo])
    const writer = openSync(fifo, 'r+')
    const reader = openSync(fifo, 'r')
    await writeAll(writer, new Uint8Array(10))
    const chunks = readPipe(reader)
    const first = await chunks.next()
    expect(first.value?.byteLength).toBe(10)
    // The producer has stalled: nothing more comes, yet return() settles at once.
    await chunks.return(undefined)
    closeSync(writer)
  })
})
