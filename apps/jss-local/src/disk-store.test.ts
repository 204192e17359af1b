import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DiskStore } from './disk-store.js'
import type { ReceivedBody } from './receive-body.js'
import type { ObjectRecord, PartRecord, UploadRecord } from './records.js'

const PROPERTIES = {
  contentType: 'application/octet-stream',
  storageClass: 'STANDARD',
  serverSideEncryption: false,
  cacheControl: null,
  metadata: {},
}

let root: string
let store: DiskStore
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'jss-local-disk-store-'))
  store = new DiskStore(root)
  await store.open()
  await store.createBucket('bkt', 1)
})
afterEach(() => rm(root, { recursive: true, force: true }))

/** A body as `receiveBody` leaves it: a file in `tmp/`. */
async function received(text: string): Promise<ReceivedBody> {
  const path = join(store.tmpDir, randomUUID())
  await writeFile(path, text)
  return { path, size: Buffer.byteLength(text), md5: `md5-of-${text}` }
}

async function startUpload(key: string): Promise<UploadRecord> {
  return store.createUpload({ ...PROPERTIES, bucket: 'bkt', key, initiated: 2 })
}

/** Completes with every stored part, in order. */
async function complete(uploadId: string): Promise<ObjectRecord | undefined> {
  return store.completeUpload(uploadId, (upload, parts: readonly PartRecord[]) => ({
    ...PROPERTIES,
    bucket: upload.bucket,
    key: upload.key,
    size: parts.reduce((sum, p) => sum + p.size, 0),
    etag: 'e',
    lastModified: 3,
    segments: parts.map((p) => ({ blob: p.blob, size: p.size })),
  }))
}

async function blobs(): Promise<string[]> {
  return (await readdir(join(root, 'blobs'))).sort()
}

async function bytesOf(record: ObjectRecord): Promise<string> {
  const texts = await Promise.all(
    record.segments.map((s) => readFile(store.blobPath(s.blob), 'utf8')),
  )
  return texts.join('')
}

describe('DiskStore', () => {
  it('keeps a multipart object as its part blobs, without copying them', async () => {
    const upload = await startUpload('k')
    await store.putPart(upload.uploadId, 2, await received('two'), 4)
    await store.putPart(upload.uploadId, 1, await received('one'), 4)
    const parts = await store.listParts(upload.uploadId)
    const object = await complete(upload.uploadId)
    expect(object?.segments.map((s) => s.blob)).toEqual(parts.map((p) => p.blob))
    expect(await bytesOf(object!)).toBe('onetwo')
    expect(await blobs()).toEqual(parts.map((p) => p.blob).sort())
    expect(await store.getUpload(upload.uploadId)).toBeUndefined()
    expect(await readdir(join(root, 'uploads'))).toEqual([])
  })

  it('deletes every part blob of a deleted multipart object', async () => {
    const upload = await startUpload('k')
    for (const n of [1, 2, 3]) await store.putPart(upload.uploadId, n, await received(`${n}`), 4)
    await complete(upload.uploadId)
    expect(await blobs()).toHaveLength(3)
    expect(await store.deleteObject('bkt', 'k')).toBe(true)
    expect(await blobs()).toEqual([])
    expect(await store.getObject('bkt', 'k')).toBeUndefined()
  })

  it('deletes the old part blobs when an object is overwritten, by a PUT or another upload', async () => {
    const first = await startUpload('k')
    for (const n of [1, 2]) await store.putPart(first.uploadId, n, await received(`a${n}`), 4)
    await complete(first.uploadId)
    const second = await startUpload('k')
    for (const n of [1, 2, 3]) await store.putPart(second.uploadId, n, await received(`b${n}`), 4)
    const object = await complete(second.uploadId)
    expect(await bytesOf(object!)).toBe('b1b2b3')
    expect(await blobs()).toEqual(object!.segments.map((s) => s.blob).sort())
    await store.putObject(
      { ...PROPERTIES, bucket: 'bkt', key: 'k', size: 1, etag: 'x', lastModified: 5 },
      await received('x'),
    )
    const replaced = await store.getObject('bkt', 'k')
    expect(replaced?.segments).toHaveLength(1)
    expect(await blobs()).toEqual([replaced!.segments[0]!.blob])
  })

  it('replaces a part uploaded again, deleting the old blob', async () => {
    const upload = await startUpload('k')
    await store.putPart(upload.uploadId, 1, await received('old'), 4)
    const part = await store.putPart(upload.uploadId, 1, await received('new'), 5)
    expect(await store.listParts(upload.uploadId)).toEqual([part])
    expect(await blobs()).toEqual([part!.blob])
  })

  it('refuses a part of an aborted upload and leaves no file', async () => {
    const upload = await startUpload('k')
    await store.putPart(upload.uploadId, 1, await received('one'), 4)
    expect(await store.abortUpload(upload.uploadId)).toBe(true)
    expect(await store.putPart(upload.uploadId, 2, await received('two'), 4)).toBeUndefined()
    expect(await store.listUploads('bkt')).toEqual([])
    expect(await store.listParts(upload.uploadId)).toEqual([])
    expect(await blobs()).toEqual([])
    expect(await readdir(store.tmpDir)).toEqual([])
  })

  it('reads buckets, open uploads and their parts back from disk when reopened', async () => {
    const upload = await startUpload('k')
    const part = await store.putPart(upload.uploadId, 1, await received('one'), 4)
    const reopened = new DiskStore(root)
    await reopened.open()
    expect(await reopened.getBucket('bkt')).toEqual({ name: 'bkt', created: 1 })
    expect(await reopened.getUpload(upload.uploadId)).toEqual(upload)
    expect(await reopened.listParts(upload.uploadId)).toEqual([part])
    expect(await reopened.listUploads('bkt')).toEqual([upload])
  })

  it('forgets a deleted bucket, and keeps one that is not empty', async () => {
    await startUpload('k')
    expect(await store.deleteBucket('bkt')).toBe('not-empty')
    expect(await store.getBucket('bkt')).toBeDefined()
    await store.createBucket('empty', 1)
    expect(await store.deleteBucket('empty')).toBe('deleted')
    expect(await store.getBucket('empty')).toBeUndefined()
    expect(await store.createBucket('empty', 2)).toBe(true)
    expect(await store.getBucket('empty')).toEqual({ name: 'empty', created: 2 })
  })
})
