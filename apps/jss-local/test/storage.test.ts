import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { encodeKey } from '@jss/signer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type JssLocal, startJssLocal } from '../src/index.js'
import { expectJson } from './expect-reply.js'
import { send } from './send.js'

async function walk(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await walk(path)))
    else out.push(path)
  }
  return out
}

let parent: string
beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'jss-local-storage-'))
})
afterAll(() => rm(parent, { recursive: true, force: true }))

describe('keys are data, not paths', () => {
  const keys = [
    '/absolute/path',
    '//double//slashes',
    'nul\0byte',
    'back\\..\\slash',
    '...',
    '..x/x../.x',
    `${'long/'.repeat(200)}end`,
    'ü/%2e%2e/space d',
  ]
  // Keys that cannot be addressed (contract §4): refused, whatever the spelling, nothing stored.
  const refused = ['../../escape', '../escape-2', '..', 'a/../../b', 'x/.', 'k?acl']

  it('stores and lists every key inside the data directory', async () => {
    const data = join(parent, 'traversal')
    const server = await startJssLocal({ data, buckets: ['keys'] })
    try {
      for (const [i, key] of keys.entries()) {
        const path = `/keys/${encodeKey(key)}`
        expect({
          key,
          status: (await send(server, { method: 'PUT', path, body: `body ${i}` })).status,
        }).toEqual({ key, status: 200 })
        expect((await send(server, { method: 'GET', path })).text).toBe(`body ${i}`)
      }
      const list = expectJson(await send(server, { method: 'GET', path: '/keys' }))
      expect((list.Contents as { Key: string }[]).map((c) => c.Key).sort()).toEqual(
        [...keys].sort(),
      )
      for (const file of await walk(data)) expect(relative(data, file)).not.toMatch(/^\.\./)
      expect((await readdir(parent)).sort()).toEqual(['traversal'])
      for (const key of keys)
        expect(
          (await send(server, { method: 'DELETE', path: `/keys/${encodeKey(key)}` })).status,
        ).toBe(204)
      expect(await readdir(join(data, 'blobs'))).toEqual([])
      for (const key of refused) {
        const raw = key.split('/').map(encodeURIComponent).join('/')
        const dots = raw.replaceAll('.', '%2E')
        for (const path of [`/keys/${raw}`, `/keys/${dots}`]) {
          const answer = await send(server, { method: 'PUT', path, body: 'x', sign: false })
          expect({ path, status: answer.status }).toEqual({ path, status: 400 })
          expect(expectJson(answer, 400).code).toBe('InvalidURI')
        }
      }
      expect(await readdir(join(data, 'blobs'))).toEqual([])
    } finally {
      await server.close()
    }
  })
})

describe('persistence', () => {
  let data: string
  let server: JssLocal
  beforeAll(async () => {
    data = join(parent, 'persist')
    server = await startJssLocal({ data, buckets: ['keep'], minPartSize: 1 })
  })

  it('keeps objects, buckets and open uploads across a restart, and cleans up crash leftovers', async () => {
    await send(server, { method: 'PUT', path: '/keep/object', body: 'persisted' })
    const uploadId = expectJson(await send(server, { method: 'POST', path: '/keep/mp?uploads' }))
      .UploadId as string
    const one = await send(server, {
      method: 'PUT',
      path: `/keep/mp?partNumber=1&uploadId=${uploadId}`,
      body: 'one',
    })
    await server.close()
    // What a crash can leave: a half-written temporary file and a blob nothing refers to.
    await writeFile(join(data, 'tmp', 'half-written'), 'x')
    await writeFile(join(data, 'blobs', 'orphan'), 'x')
    server = await startJssLocal({ data, minPartSize: 1 })
    try {
      expect(await readdir(join(data, 'tmp'))).toEqual([])
      expect(await readdir(join(data, 'blobs'))).not.toContain('orphan')
      expect((await send(server, { method: 'GET', path: '/keep/object' })).text).toBe('persisted')
      const uploads = expectJson(await send(server, { method: 'GET', path: '/keep?uploads' }))
      expect(uploads.Upload).toEqual([expect.objectContaining({ Key: 'mp', UploadId: uploadId })])
      const two = await send(server, {
        method: 'PUT',
        path: `/keep/mp?partNumber=2&uploadId=${uploadId}`,
        body: 'two',
      })
      const etag = (reply: typeof one): string => (reply.headers.etag ?? '').replaceAll('"', '')
      const done = await send(server, {
        method: 'POST',
        path: `/keep/mp?uploadId=${uploadId}`,
        body: JSON.stringify({
          Part: [
            { PartNumber: 1, ETag: etag(one) },
            { PartNumber: 2, ETag: etag(two) },
          ],
        }),
      })
      expect(done.status).toBe(200)
      expect((await send(server, { method: 'GET', path: '/keep/mp' })).text).toBe('onetwo')
      expect(await readdir(join(data, 'uploads'))).toEqual([])
    } finally {
      await server.close()
    }
  })

  it('removes a temporary data directory on close, and keeps a given one', async () => {
    const temporary = await startJssLocal()
    const path = temporary.data
    await temporary.close()
    await expect(readdir(path)).rejects.toThrow()
    expect(await readdir(data)).toContain('objects')
  })
})
