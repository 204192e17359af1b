import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type JssLocal, startJssLocal } from '../src/index.js'
import { expectError, expectJson, HTTP_DATE } from './expect-reply.js'
import { send } from './send.js'

let server: JssLocal
beforeAll(async () => {
  server = await startJssLocal({ domains: ['s.example.test'] })
})
afterAll(() => server.close())

describe('PUT bucket', () => {
  it('answers 201, then 409 BucketAlreadyOwnedByYou', async () => {
    const created = await send(server, { method: 'PUT', path: '/new-bucket' })
    expect(created.status).toBe(201)
    expect(created.headers['x-jss-request-id']).toMatch(/^[0-9A-F]{16}$/)
    expectError(
      await send(server, { method: 'PUT', path: '/new-bucket' }),
      409,
      'BucketAlreadyOwnedByYou',
      '/new-bucket',
    )
  })

  it('creates a bucket by virtual host with PUT /', async () => {
    const port = new URL(server.endpoint).port
    const created = await send(server, {
      method: 'PUT',
      path: '/',
      host: `vhost-bucket.s.example.test:${port}`,
      bucket: 'vhost-bucket',
    })
    expect(created.status).toBe(201)
    const list = expectJson(await send(server, { method: 'GET', path: '/' }))
    expect(list.Buckets).toEqual(
      expect.arrayContaining([
        { Name: 'vhost-bucket', CreationDate: expect.stringMatching(HTTP_DATE) },
      ]),
    )
  })

  it('answers 400 InvalidBucketName for invalid names', async () => {
    for (const name of ['ab', 'a'.repeat(64), 'Upper', 'a--b', '-ab', 'ab-', 'a_b', 'a.b']) {
      expectError(await send(server, { method: 'PUT', path: `/${name}` }), 400, 'InvalidBucketName')
    }
    expect((await send(server, { method: 'PUT', path: `/${'a'.repeat(63)}` })).status).toBe(201)
  })

  it('has no bucket until one is created', async () => {
    expectError(
      await send(server, { method: 'GET', path: '/not-created' }),
      404,
      'NoSuchBucket',
      '/not-created',
    )
    expectError(
      await send(server, { method: 'GET', path: '/not-created?uploads' }),
      404,
      'NoSuchBucket',
    )
  })
})

describe('list objects', () => {
  const keys = ['a.txt', 'b/1', 'b/2', 'b/c/3', 'c', 'd/x', 'ü']
  beforeAll(async () => {
    await send(server, { method: 'PUT', path: '/listing' })
    for (const key of keys)
      await send(server, {
        method: 'PUT',
        path: `/listing/${encodeURIComponent(key).replace(/%2F/g, '/')}`,
        body: key,
      })
  })

  it('lists every key in UTF-8 order with the documented shape', async () => {
    const body = expectJson(await send(server, { method: 'GET', path: '/listing' }))
    expect(body).toEqual({
      Name: 'listing',
      Prefix: null,
      Marker: null,
      NextMarker: null,
      Delimiter: null,
      MaxKeys: 1000,
      HasNext: false,
      Contents: keys.map((key) => ({
        Key: key,
        LastModified: expect.stringMatching(HTTP_DATE),
        ETag: expect.stringMatching(/^[0-9a-f]{32}$/),
        Size: Buffer.byteLength(key),
        StorageClass: 'STANDARD',
      })),
      CommonPrefixes: [],
    })
  })

  it('groups by delimiter under a prefix', async () => {
    const body = expectJson(
      await send(server, { method: 'GET', path: '/listing?prefix=b%2F&delimiter=%2F' }),
    )
    expect(body).toMatchObject({ Prefix: 'b/', Delimiter: '/', HasNext: false })
    expect((body.Contents as { Key: string }[]).map((c) => c.Key)).toEqual(['b/1', 'b/2'])
    expect(body.CommonPrefixes).toEqual(['b/c/'])
  })

  it('pages with max-keys (and maxKeys) and an exclusive marker, prefixes counted', async () => {
    for (const param of ['max-keys', 'maxKeys']) {
      const seen: string[] = []
      let marker = ''
      for (let page = 0; page < 10; page++) {
        const body = expectJson(
          await send(server, { method: 'GET', path: `/listing?delimiter=%2F&${param}=2${marker}` }),
        )
        expect(body.MaxKeys).toBe(2)
        const items = [
          ...(body.Contents as { Key: string }[]).map((c) => c.Key),
          ...(body.CommonPrefixes as string[]),
        ]
        expect(items.length).toBeLessThanOrEqual(2)
        seen.push(...items)
        if (!body.HasNext) break
        marker = `&marker=${encodeURIComponent(body.NextMarker as string)}`
      }
      expect(seen.sort()).toEqual(['a.txt', 'b/', 'c', 'd/', 'ü'])
    }
  })

  it('answers 400 InvalidArgument for a bad max-keys', async () => {
    expectError(
      await send(server, { method: 'GET', path: '/listing?max-keys=-1' }),
      400,
      'InvalidArgument',
    )
  })
})

describe('DELETE bucket', () => {
  /** The names the service lists. */
  async function listedNames(): Promise<string[]> {
    const list = expectJson(await send(server, { method: 'GET', path: '/' }))
    return (list.Buckets as { Name: string }[]).map((b) => b.Name)
  }

  it('answers 204, removes the bucket and its directory, then 404 NoSuchBucket', async () => {
    expect((await send(server, { method: 'PUT', path: '/doomed' })).status).toBe(201)
    expect(existsSync(join(server.data, 'objects', 'doomed'))).toBe(true)
    const deleted = await send(server, { method: 'DELETE', path: '/doomed' })
    expect(deleted.status).toBe(204)
    expect(deleted.body.length).toBe(0)
    expect(existsSync(join(server.data, 'objects', 'doomed'))).toBe(false)
    expect(existsSync(join(server.data, 'buckets', 'doomed.json'))).toBe(false)
    expect(await listedNames()).not.toContain('doomed')
    expectError(await send(server, { method: 'GET', path: '/doomed' }), 404, 'NoSuchBucket')
    expectError(
      await send(server, { method: 'DELETE', path: '/doomed' }),
      404,
      'NoSuchBucket',
      '/doomed',
    )
    expect((await send(server, { method: 'PUT', path: '/doomed' })).status).toBe(201)
    expect((await send(server, { method: 'DELETE', path: '/doomed' })).status).toBe(204)
  })

  it('answers 404 NoSuchBucket for a name that cannot be a bucket', async () => {
    expectError(await send(server, { method: 'DELETE', path: '/No_Such' }), 404, 'NoSuchBucket')
  })

  it('answers 409 BucketNotEmpty while it holds an object, and keeps it', async () => {
    await send(server, { method: 'PUT', path: '/full' })
    await send(server, { method: 'PUT', path: '/full/one', body: 'x' })
    expectError(
      await send(server, { method: 'DELETE', path: '/full' }),
      409,
      'BucketNotEmpty',
      '/full',
    )
    expect(await listedNames()).toContain('full')
    expect((await send(server, { method: 'GET', path: '/full/one' })).text).toBe('x')
    expect((await send(server, { method: 'DELETE', path: '/full/one' })).status).toBe(204)
    expect((await send(server, { method: 'DELETE', path: '/full' })).status).toBe(204)
  })

  it('answers 409 BucketNotEmpty while an upload is open, until it is aborted', async () => {
    await send(server, { method: 'PUT', path: '/pending' })
    const { UploadId } = expectJson(
      await send(server, { method: 'POST', path: '/pending/big?uploads' }),
    ) as { UploadId: string }
    expectError(await send(server, { method: 'DELETE', path: '/pending' }), 409, 'BucketNotEmpty')
    const aborted = await send(server, {
      method: 'DELETE',
      path: `/pending/big?uploadId=${UploadId}`,
    })
    expect(aborted.status).toBe(204)
    expect((await send(server, { method: 'DELETE', path: '/pending' })).status).toBe(204)
  })

  it('deletes by virtual host with DELETE /, and needs a signature', async () => {
    const port = new URL(server.endpoint).port
    await send(server, { method: 'PUT', path: '/vhost-doomed' })
    expectError(
      await send(server, { method: 'DELETE', path: '/vhost-doomed', sign: false }),
      403,
      'AccessDenied',
    )
    const host = `vhost-doomed.s.example.test:${port}`
    const deleted = await send(server, {
      method: 'DELETE',
      path: '/',
      host,
      bucket: 'vhost-doomed',
    })
    expect(deleted.status).toBe(204)
    expect(await listedNames()).not.toContain('vhost-doomed')
  })

  it('serialises with a concurrent create of the same name', async () => {
    await send(server, { method: 'PUT', path: '/racing' })
    const [deleted, created] = await Promise.all([
      send(server, { method: 'DELETE', path: '/racing' }),
      send(server, { method: 'PUT', path: '/racing' }),
    ])
    expect(deleted.status).toBe(204)
    // The create ran before or after the delete: the bucket exists exactly when it answered 201.
    expect((await listedNames()).includes('racing')).toBe(created.status === 201)
    expect(existsSync(join(server.data, 'objects', 'racing'))).toBe(created.status === 201)
  })
})
