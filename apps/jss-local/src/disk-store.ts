import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { mkdir, readdir, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isValidBucketName } from './bucket-name.js'
import { isNotFound, readJsonFile, writeJsonFileAtomic } from './json-file.js'
import { KeyedLock } from './keyed-lock.js'
import type { ReceivedBody } from './receive-body.js'
import type { BucketRecord, ObjectRecord, PartRecord, UploadRecord } from './records.js'

const UPLOAD_ID = /^[0-9a-f]{32}$/

/** An open upload as kept in memory: its record and its parts by number. */
interface OpenUpload {
  readonly record: UploadRecord
  readonly parts: Map<number, PartRecord>
}

/** Orders strings by their UTF-8 bytes, like the service. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

/**
 * The on-disk store. Keys are data, never paths: an object lives at `objects/<bucket>/<sha256(key)>.json`
 * (metadata, key inside) pointing at immutable blobs in `blobs/`. Every write goes to `tmp/` first and
 * becomes visible by an atomic rename of its metadata file, so a crash never exposes half an object.
 * Multipart state lives in `uploads/<uploadId>/` so a restarted server keeps its open uploads.
 * Bucket and upload records are also kept in memory (read at `open`, updated with every write of this
 * process, the only writer), so that a request reads no metadata file before its body.
 */
export class DiskStore {
  readonly root: string
  readonly tmpDir: string
  readonly #locks = new KeyedLock()
  readonly #buckets = new Map<string, BucketRecord>()
  readonly #uploads = new Map<string, OpenUpload>()

  constructor(root: string) {
    this.root = root
    this.tmpDir = join(root, 'tmp')
  }

  /**
   * Creates the layout, empties `tmp/`, reads the bucket and upload records into memory and deletes
   * blobs nothing refers to (left by a crash).
   */
  async open(): Promise<void> {
    await rm(this.tmpDir, { recursive: true, force: true })
    for (const dir of ['tmp', 'blobs', 'buckets', 'objects', 'uploads']) {
      await mkdir(join(this.root, dir), { recursive: true })
    }
    await this.#loadRecords()
    const used = new Set<string>()
    for (const bucket of this.#buckets.values()) {
      for (const object of await this.listObjects(bucket.name)) {
        for (const segment of object.segments) used.add(segment.blob)
      }
    }
    for (const upload of this.#uploads.values()) {
      for (const part of upload.parts.values()) used.add(part.blob)
    }
    for (const blob of await readdir(join(this.root, 'blobs'))) {
      if (!used.has(blob)) await rm(this.blobPath(blob), { force: true })
    }
  }

  /** Reads every bucket record, and every upload record with its parts, into memory. */
  async #loadRecords(): Promise<void> {
    this.#buckets.clear()
    this.#uploads.clear()
    for (const bucket of await this.listBuckets()) this.#buckets.set(bucket.name, bucket)
    for (const id of await readdir(join(this.root, 'uploads'))) {
      if (!UPLOAD_ID.test(id)) continue
      const record = await readJsonFile<UploadRecord>(join(this.#uploadDir(id), 'upload.json'))
      if (!record) continue
      const parts = await this.#readParts(id)
      this.#uploads.set(id, { record, parts: new Map(parts.map((p) => [p.partNumber, p])) })
    }
  }

  /** The path of a blob. */
  blobPath(blob: string): string {
    return join(this.root, 'blobs', blob)
  }

  async #adopt(received: ReceivedBody): Promise<string> {
    const blob = randomUUID()
    await rename(received.path, this.blobPath(blob))
    return blob
  }

  async #deleteBlobs(blobs: Iterable<string>): Promise<void> {
    for (const blob of blobs) await rm(this.blobPath(blob), { force: true })
  }

  /** Deletes a received body that will not be stored. */
  async discard(received: ReceivedBody): Promise<void> {
    await rm(received.path, { force: true })
  }

  // Buckets

  async getBucket(name: string): Promise<BucketRecord | undefined> {
    if (!isValidBucketName(name)) return undefined
    return this.#buckets.get(name)
  }

  #bucketPath(name: string): string {
    return join(this.root, 'buckets', `${name}.json`)
  }

  /** Creates a bucket (under the bucket's lock); `false` when it exists already. */
  async createBucket(name: string, now: number): Promise<boolean> {
    return this.#locks.run(`b:${name}`, async () => {
      await mkdir(join(this.root, 'objects', name), { recursive: true })
      const record: BucketRecord = { name, created: now }
      try {
        await writeFile(this.#bucketPath(name), JSON.stringify(record), { flag: 'wx' })
        this.#buckets.set(name, record)
        return true
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
        throw error
      }
    })
  }

  /**
   * Deletes a bucket under its lock: `'missing'` when there is none, `'not-empty'` when it holds an
   * object or an open upload. The record goes first (new requests see NoSuchBucket), then the
   * objects directory, which must be empty: an object committed meanwhile puts the record back.
   */
  async deleteBucket(name: string): Promise<'deleted' | 'missing' | 'not-empty'> {
    return this.#locks.run(`b:${name}`, async () => {
      const record = await this.getBucket(name)
      if (!record) return 'missing'
      if (await this.#holdsAnything(name)) return 'not-empty'
      const trash = join(this.tmpDir, `trash-${randomUUID()}.json`)
      await rename(this.#bucketPath(name), trash)
      this.#buckets.delete(name)
      if (!(await this.#removeObjectsDir(name))) {
        await rename(trash, this.#bucketPath(name))
        this.#buckets.set(name, record)
        return 'not-empty'
      }
      await rm(trash, { force: true })
      return 'deleted'
    })
  }

  /** Whether a bucket holds an object or an open upload. */
  async #holdsAnything(name: string): Promise<boolean> {
    return (await this.listObjects(name)).length > 0 || (await this.listUploads(name)).length > 0
  }

  /** Removes a bucket's objects directory; `false` when something is in it. */
  async #removeObjectsDir(name: string): Promise<boolean> {
    try {
      await rmdir(join(this.root, 'objects', name))
      return true
    } catch (error) {
      if (isNotFound(error)) return true
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOTEMPTY' || code === 'EEXIST') return false
      throw error
    }
  }

  async listBuckets(): Promise<BucketRecord[]> {
    const names = (await readdir(join(this.root, 'buckets'))).filter((f) => f.endsWith('.json'))
    const records: BucketRecord[] = []
    for (const file of names.sort()) {
      const record = await readJsonFile<BucketRecord>(join(this.root, 'buckets', file))
      if (record) records.push(record)
    }
    return records
  }

  // Objects

  #objectPath(bucket: string, key: string): string {
    const hash = createHash('sha256').update(bucket).update('\0').update(key).digest('hex')
    return join(this.root, 'objects', bucket, `${hash}.json`)
  }

  async getObject(bucket: string, key: string): Promise<ObjectRecord | undefined> {
    return readJsonFile<ObjectRecord>(this.#objectPath(bucket, key))
  }

  async #commitObject(record: ObjectRecord): Promise<void> {
    const path = this.#objectPath(record.bucket, record.key)
    await this.#locks.run(`o:${path}`, async () => {
      const previous = await readJsonFile<ObjectRecord>(path)
      await writeJsonFileAtomic(this.tmpDir, path, record)
      const kept = new Set(record.segments.map((s) => s.blob))
      await this.#deleteBlobs(
        (previous?.segments ?? []).map((s) => s.blob).filter((b) => !kept.has(b)),
      )
    })
  }

  /** Stores a single-PUT object, atomically replacing any previous one. */
  async putObject(record: Omit<ObjectRecord, 'segments'>, received: ReceivedBody): Promise<void> {
    const blob = await this.#adopt(received)
    await this.#commitObject({ ...record, segments: [{ blob, size: received.size }] })
  }

  /** Deletes an object; `false` when there was none. */
  async deleteObject(bucket: string, key: string): Promise<boolean> {
    const path = this.#objectPath(bucket, key)
    return this.#locks.run(`o:${path}`, async () => {
      const previous = await readJsonFile<ObjectRecord>(path)
      if (!previous) return false
      await unlink(path).catch((error: unknown) => {
        if (!isNotFound(error)) throw error
      })
      await this.#deleteBlobs(previous.segments.map((s) => s.blob))
      return true
    })
  }

  /** Every object of a bucket, sorted by key (UTF-8 byte order). */
  async listObjects(bucket: string): Promise<ObjectRecord[]> {
    const dir = join(this.root, 'objects', bucket)
    let files: string[]
    try {
      files = await readdir(dir)
    } catch (error) {
      if (isNotFound(error)) return []
      throw error
    }
    const records: ObjectRecord[] = []
    for (const file of files) {
      if (!file.endsWith('.json')) continue
      const record = await readJsonFile<ObjectRecord>(join(dir, file))
      if (record) records.push(record)
    }
    return records.sort((a, b) => compareUtf8(a.key, b.key))
  }

  // Multipart uploads

  #uploadDir(uploadId: string): string {
    return join(this.root, 'uploads', uploadId)
  }

  /** Creates an upload and returns its id (32 hex characters). */
  async createUpload(record: Omit<UploadRecord, 'uploadId'>): Promise<UploadRecord> {
    const uploadId = randomBytes(16).toString('hex')
    const full: UploadRecord = { ...record, uploadId }
    const dir = this.#uploadDir(uploadId)
    const staging = join(this.tmpDir, `upload-${uploadId}`)
    await mkdir(staging)
    await writeFile(join(staging, 'upload.json'), JSON.stringify(full))
    await rename(staging, dir)
    this.#uploads.set(uploadId, { record: full, parts: new Map() })
    return full
  }

  async getUpload(uploadId: string): Promise<UploadRecord | undefined> {
    return this.#uploads.get(uploadId)?.record
  }

  /** The open uploads of a bucket, sorted by key, then initiation time, then id. */
  async listUploads(bucket: string): Promise<UploadRecord[]> {
    return [...this.#uploads.values()]
      .map((u) => u.record)
      .filter((u) => u.bucket === bucket)
      .sort(
        (a, b) =>
          compareUtf8(a.key, b.key) ||
          a.initiated - b.initiated ||
          compareUtf8(a.uploadId, b.uploadId),
      )
  }

  /** Stores a part, replacing one of the same number; `undefined` when the upload is gone. */
  async putPart(
    uploadId: string,
    partNumber: number,
    received: ReceivedBody,
    now: number,
  ): Promise<PartRecord | undefined> {
    return this.#locks.run(`u:${uploadId}`, async () => {
      const upload = this.#uploads.get(uploadId)
      if (!upload) {
        await this.discard(received)
        return undefined
      }
      const blob = await this.#adopt(received)
      const record: PartRecord = {
        partNumber,
        etag: received.md5,
        size: received.size,
        lastModified: now,
        blob,
      }
      const path = join(this.#uploadDir(uploadId), `part-${partNumber}.json`)
      const previous = upload.parts.get(partNumber)
      await writeJsonFileAtomic(this.tmpDir, path, record)
      upload.parts.set(partNumber, record)
      if (previous) await this.#deleteBlobs([previous.blob])
      return record
    })
  }

  /** The parts of an upload, sorted by number. */
  async listParts(uploadId: string): Promise<PartRecord[]> {
    const parts = [...(this.#uploads.get(uploadId)?.parts.values() ?? [])]
    return parts.sort((a, b) => a.partNumber - b.partNumber)
  }

  /** The part records of an upload on disk, sorted by number. */
  async #readParts(uploadId: string): Promise<PartRecord[]> {
    let files: string[]
    try {
      files = await readdir(this.#uploadDir(uploadId))
    } catch (error) {
      if (isNotFound(error)) return []
      throw error
    }
    const parts: PartRecord[] = []
    for (const file of files) {
      if (!file.startsWith('part-')) continue
      const part = await readJsonFile<PartRecord>(join(this.#uploadDir(uploadId), file))
      if (part) parts.push(part)
    }
    return parts.sort((a, b) => a.partNumber - b.partNumber)
  }

  /**
   * Completes an upload under its lock: `build` checks the parts and returns the object (throwing a
   * service error to refuse); the object then replaces any previous one and the upload is removed.
   * `undefined` when the upload is gone.
   */
  async completeUpload(
    uploadId: string,
    build: (upload: UploadRecord, parts: readonly PartRecord[]) => ObjectRecord,
  ): Promise<ObjectRecord | undefined> {
    return this.#locks.run(`u:${uploadId}`, async () => {
      const upload = await this.getUpload(uploadId)
      if (!upload) return undefined
      const parts = await this.listParts(uploadId)
      const object = build(upload, parts)
      await this.#commitObject(object)
      const used = new Set(object.segments.map((s) => s.blob))
      await this.#removeUpload(
        uploadId,
        parts.filter((p) => !used.has(p.blob)),
      )
      return object
    })
  }

  /** Aborts an upload and deletes its parts; `false` when it is gone. */
  async abortUpload(uploadId: string): Promise<boolean> {
    return this.#locks.run(`u:${uploadId}`, async () => {
      if (!(await this.getUpload(uploadId))) return false
      await this.#removeUpload(uploadId, await this.listParts(uploadId))
      return true
    })
  }

  async #removeUpload(uploadId: string, deadParts: readonly PartRecord[]): Promise<void> {
    const trash = join(this.tmpDir, `trash-${randomUUID()}`)
    await rename(this.#uploadDir(uploadId), trash)
    this.#uploads.delete(uploadId)
    await this.#deleteBlobs(deadParts.map((p) => p.blob))
    await rm(trash, { recursive: true, force: true })
  }
}
