import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { StreamedBody } from '@jss/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBufferShelf } from '../memory/buffer-shelf.js'
import type { ReadPart, SpooledPart } from './part.js'
import { partBody } from './part-body.js'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jss-stream-part-body-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const spooled = (path: string, size: number): SpooledPart => ({
  kind: 'spool',
  partNumber: 1,
  size,
  final: false,
  path,
  md5: 'd41d8cd98f00b204e9800998ecf8427e',
  release: async () => {},
})

/** Which buffer a view is of: its memory and where in it (pooled small buffers share memory). */
const ids = new WeakMap<ArrayBufferLike, number>()
let nextId = 1
function whereOf(view: Uint8Array): string {
  if (!ids.has(view.buffer)) ids.set(view.buffer, nextId++)
  return `${ids.get(view.buffer)}@${view.byteOffset}`
}

async function readAll(body: StreamedBody, seen: Set<string>): Promise<Buffer> {
  const copies: Buffer[] = []
  for await (const chunk of body.open()) {
    seen.add(whereOf(chunk))
    copies.push(Buffer.from(chunk))
  }
  return Buffer.concat(copies)
}

describe('partBody', () => {
  it('reads every attempt of a spooled part through the same two shelf buffers, given back on release', async () => {
    const data = randomBytes(40_000)
    const path = join(dir, 'part')
    await writeFile(path, data)
    const shelf = createBufferShelf(8192, 4)
    const { body, release } = partBody(spooled(path, 40_000), { chunkSize: 8192, shelf })
    const seen = new Set<string>()
    expect((await readAll(body as StreamedBody, seen)).equals(data)).toBe(true)
    expect((await readAll(body as StreamedBody, seen)).equals(data)).toBe(true)
    expect(seen.size).toBe(2)
    release()
    const given = new Set([whereOf(shelf.take()), whereOf(shelf.take())])
    expect(given).toEqual(seen)
  })

  it('passes pooled views on as they are', () => {
    const views = [new Uint8Array(3)]
    const part: ReadPart = {
      kind: 'memory',
      partNumber: 1,
      size: 3,
      final: false,
      body: views,
      release: async () => {},
    }
    expect(partBody(part, { chunkSize: 64 }).body).toBe(views)
  })
})
