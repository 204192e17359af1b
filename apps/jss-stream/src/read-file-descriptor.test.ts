import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { type AddressInfo, connect, createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { inputKindOf, readFileDescriptor } from './read-file-descriptor.js'

const dir = mkdtempSync(join(tmpdir(), 'jss-fd-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function readAll(path: string, chunkSize: number): Promise<Buffer> {
  const fd = openSync(path, 'r')
  try {
    const copies: Buffer[] = []
    // Copy each chunk before pulling the next: the generator reuses its two buffers.
    for await (const chunk of readFileDescriptor(fd, chunkSize)) copies.push(Buffer.from(chunk))
    return Buffer.concat(copies)
  } finally {
    closeSync(fd)
  }
}

describe('readFileDescriptor', () => {
  it('reads a file whole, whatever the chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 5000 }),
        fc.integer({ min: 1, max: 700 }),
        async (bytes, chunkSize) => {
          const path = join(dir, 'data')
          writeFileSync(path, bytes)
          expect(await readAll(path, chunkSize)).toEqual(Buffer.from(bytes))
        },
      ),
      { numRuns: 50 },
    )
  })

  it('tells files, pipes and other descriptors apart', () => {
    const path = join(dir, 'kind')
    writeFileSync(path, 'x')
    const fd = openSync(path, 'r')
    try {
      expect(inputKindOf(fd)).toBe('file')
    } finally {
      closeSync(fd)
    }
    const fifo = join(dir, 'kind.fifo')
    execFileSync('mkfifo', [fifo])
    const pipe = openSync(fifo, 'r+')
    try {
      expect(inputKindOf(pipe)).toBe('pipe')
    } finally {
      closeSync(pipe)
    }
    expect(inputKindOf(987654)).toBe('stream')
  })

  it("reads a socket (a spawned child's stdio pipe) like a pipe", async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve))
    const client = connect(port, '127.0.0.1')
    const socket = await accepted
    try {
      // The descriptor of a connected TCP socket, as the test's only way to hold one.
      const fd = (socket as unknown as { _handle: { fd: number } })._handle.fd
      expect(inputKindOf(fd)).toBe('pipe')
    } finally {
      client.destroy()
      socket.destroy()
      server.close()
    }
  })
})
