import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import { createServer, get, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEND_CHUNK_SIZE, sendSegments } from './send-segments.js'

const dir = mkdtempSync(join(tmpdir(), 'jss-local-send-'))
const blob = join(dir, 'blob')
const size = 3 * SEND_CHUNK_SIZE
let server: Server
let handled: (res: ServerResponse) => Promise<unknown>

beforeAll(async () => {
  writeFileSync(blob, randomBytes(size))
  server = createServer((_req, res) => {
    void handled(res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

/** A GET that goes away as soon as the answer's headers arrive. */
function getAndLeave(): void {
  const { port } = server.address() as AddressInfo
  const request = get({ host: '127.0.0.1', port, path: '/' }, () => request.destroy())
  request.on('error', () => undefined)
}

/** Settles with `promise`, or answers 'still waiting' after `ms`: a hang becomes a failure. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'still waiting'> {
  return Promise.race([
    promise,
    new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), ms)),
  ])
}

describe('sendSegments', () => {
  it('gives up, not waits forever, when the client leaves while a blob is being read', async () => {
    const real = await open(blob)
    try {
      let reads = 0
      const outcome = new Promise<unknown>((resolve) => {
        handled = async (res) => {
          res.writeHead(200, { 'content-length': String(size) })
          res.flushHeaders()
          // the blob's first read finishes only after the response has closed (the client left)
          const handle = {
            read: async (...args: Parameters<FileHandle['read']>) => {
              if (reads++ === 0 && !res.destroyed) {
                await new Promise((closed) => res.once('close', closed))
              }
              return real.read(...args)
            },
          } as unknown as FileHandle
          resolve(
            await within(
              sendSegments(res, [{ blob: 'blob', size }], [handle], 0, size - 1),
              2000,
            ).catch((error: unknown) => error),
          )
        }
      })
      getAndLeave()
      const result = await outcome
      expect(result).toBeInstanceOf(Error)
      expect((result as Error).message).toBe(
        'the client closed the connection before the body was sent',
      )
      expect(reads).toBe(1)
    } finally {
      await real.close()
    }
  })
})
