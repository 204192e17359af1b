import { createHash, randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  NoSuchKey,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type JssLocal, startJssLocal } from '../src/index.js'

const MiB = 1024 * 1024
const md5 = (data: Uint8Array): string => createHash('md5').update(data).digest('hex')

/** The S3 multipart ETag, computed here on its own as the oracle: MD5 of the binary MD5s, `-N`. */
function s3MultipartOracle(parts: readonly Uint8Array[]): string {
  const binary = Buffer.concat(parts.map((p) => createHash('md5').update(p).digest()))
  return `"${createHash('md5').update(binary).digest('hex')}-${parts.length}"`
}

let server: JssLocal
let client: S3Client
const Bucket = 'sdk-interop'

beforeAll(async () => {
  server = await startJssLocal({ hashThreads: 1 })
  client = new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: {
      accessKeyId: server.credentials.accessKey,
      secretAccessKey: server.credentials.secretKey,
    },
    maxAttempts: 1,
  })
})
afterAll(async () => {
  client.destroy()
  await server.close()
})

describe('@aws-sdk/client-s3 against jss-local', () => {
  it('creates a bucket and lists it', async () => {
    await client.send(new CreateBucketCommand({ Bucket }))
    const { Buckets } = await client.send(new ListBucketsCommand({}))
    expect(Buckets?.map((b) => b.Name)).toContain(Bucket)
    expect(Buckets?.[0]?.CreationDate).toBeInstanceOf(Date)
  })

  const big = randomBytes(12 * MiB)

  it('uploads 12 MiB with lib-storage in 5 MiB parts; the ETag is the S3 multipart ETag', async () => {
    const upload = new Upload({
      client,
      params: { Bucket, Key: 'big/lib-storage.bin', Body: big, ContentType: 'application/x-big' },
      partSize: 5 * MiB,
      queueSize: 2,
    })
    const result = await upload.done()
    const parts = [
      big.subarray(0, 5 * MiB),
      big.subarray(5 * MiB, 10 * MiB),
      big.subarray(10 * MiB),
    ]
    expect(result.ETag).toBe(s3MultipartOracle(parts))
    const head = await client.send(new HeadObjectCommand({ Bucket, Key: 'big/lib-storage.bin' }))
    expect(head).toMatchObject({
      ContentLength: big.length,
      ETag: s3MultipartOracle(parts),
      ContentType: 'application/x-big',
    })
  })

  it('GetObject, whole and ranged, gives the bytes stored', async () => {
    const whole = await client.send(new GetObjectCommand({ Bucket, Key: 'big/lib-storage.bin' }))
    const bytes = Buffer.from(await whole.Body!.transformToByteArray())
    expect(bytes.equals(big)).toBe(true)
    const ranged = await client.send(
      new GetObjectCommand({ Bucket, Key: 'big/lib-storage.bin', Range: 'bytes=5242870-5242889' }),
    )
    expect(ranged.ContentRange).toBe(`bytes 5242870-5242889/${big.length}`)
    const slice = Buffer.from(await ranged.Body!.transformToByteArray())
    expect(slice.equals(big.subarray(5242870, 5242890))).toBe(true)
  })

  it('explicit CreateMultipartUpload, UploadPart, ListParts, CompleteMultipartUpload', async () => {
    const Key = 'explicit/multipart.bin'
    const created = await client.send(
      new CreateMultipartUploadCommand({ Bucket, Key, Metadata: { origin: 'explicit' } }),
    )
    const UploadId = created.UploadId!
    expect(created).toMatchObject({ Bucket, Key })
    const bodies = [randomBytes(5 * MiB), randomBytes(1234)]
    const Parts = []
    for (const [i, Body] of bodies.entries()) {
      const part = await client.send(
        new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: i + 1, Body }),
      )
      expect(part.ETag).toBe(`"${md5(Body)}"`)
      Parts.push({ PartNumber: i + 1, ETag: part.ETag })
    }
    const listed = await client.send(new ListPartsCommand({ Bucket, Key, UploadId }))
    expect(listed.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size])).toEqual([
      [1, Parts[0]!.ETag, 5 * MiB],
      [2, Parts[1]!.ETag, 1234],
    ])
    const done = await client.send(
      new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts } }),
    )
    expect(done).toMatchObject({ Bucket, Key, ETag: s3MultipartOracle(bodies) })
    const head = await client.send(new HeadObjectCommand({ Bucket, Key }))
    expect(head.Metadata).toEqual({ origin: 'explicit' })
    expect(head.ContentLength).toBe(5 * MiB + 1234)
  })

  it('PutObject and HeadObject with metadata and storage class; a stream body too', async () => {
    await client.send(
      new PutObjectCommand({
        Bucket,
        Key: 'small/meta.txt',
        Body: 'with metadata',
        ContentType: 'text/plain',
        Metadata: { color: 'blue', 'two-words': 'a b' },
        StorageClass: 'REDUCED_REDUNDANCY',
      }),
    )
    const head = await client.send(new HeadObjectCommand({ Bucket, Key: 'small/meta.txt' }))
    expect(head).toMatchObject({
      ContentType: 'text/plain',
      ContentLength: 13,
      Metadata: { color: 'blue', 'two-words': 'a b' },
      StorageClass: 'REDUCED_REDUNDANCY',
      ETag: `"${md5(Buffer.from('with metadata'))}"`,
    })
    const streamed = randomBytes(300_000)
    await client.send(
      new PutObjectCommand({
        Bucket,
        Key: 'small/stream.bin',
        Body: Readable.from([streamed.subarray(0, 100_000), streamed.subarray(100_000)]),
        ContentLength: streamed.length,
      }),
    )
    const got = await client.send(new GetObjectCommand({ Bucket, Key: 'small/stream.bin' }))
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(streamed)).toBe(true)
  })

  it('ListObjectsV2 pages with the paginator', async () => {
    for (const n of [1, 2, 3, 4, 5]) {
      await client.send(new PutObjectCommand({ Bucket, Key: `paged/${n}`, Body: String(n) }))
    }
    const keys: string[] = []
    let pages = 0
    for await (const page of paginateListObjectsV2(
      { client, pageSize: 2 },
      { Bucket, Prefix: 'paged/' },
    )) {
      pages++
      expect(page.KeyCount).toBe(page.Contents?.length)
      keys.push(...(page.Contents ?? []).map((c) => c.Key!))
    }
    expect(pages).toBe(3)
    expect(keys).toEqual(['paged/1', 'paged/2', 'paged/3', 'paged/4', 'paged/5'])
    const folded = await client.send(new ListObjectsV2Command({ Bucket, Delimiter: '/' }))
    expect(folded.CommonPrefixes?.map((p) => p.Prefix)).toEqual([
      'big/',
      'explicit/',
      'paged/',
      'small/',
    ])
    expect(folded.KeyCount).toBe(4)
  })

  it('presigned GET and PUT (getSignedUrl) work with fetch', async () => {
    const putUrl = await getSignedUrl(
      client,
      new PutObjectCommand({ Bucket, Key: 'presigned/file.txt' }),
      { expiresIn: 300 },
    )
    const put = await fetch(putUrl, { method: 'PUT', body: 'sent through a presigned URL' })
    expect(put.status).toBe(200)
    const getUrl = await getSignedUrl(
      client,
      new GetObjectCommand({ Bucket, Key: 'presigned/file.txt' }),
      { expiresIn: 300 },
    )
    const get = await fetch(getUrl)
    expect(get.status).toBe(200)
    expect(await get.text()).toBe('sent through a presigned URL')
  })

  it('AbortMultipartUpload, then ListMultipartUploads is empty', async () => {
    const Key = 'aborted.bin'
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key }))
    await client.send(
      new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: randomBytes(1000) }),
    )
    const open = await client.send(new ListMultipartUploadsCommand({ Bucket }))
    expect(open.Uploads?.map((u) => u.UploadId)).toEqual([UploadId])
    await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }))
    const after = await client.send(new ListMultipartUploadsCommand({ Bucket }))
    expect(after.Uploads ?? []).toEqual([])
    expect(after.IsTruncated).toBe(false)
  })

  it('a missing key surfaces as the typed NoSuchKey', async () => {
    const error = await client
      .send(new GetObjectCommand({ Bucket, Key: 'no/such/key' }))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NoSuchKey)
    expect((error as NoSuchKey).$metadata.httpStatusCode).toBe(404)
    expect((error as NoSuchKey).$metadata.requestId).toMatch(/^[0-9A-F]{16}$/)
  })

  it('a wrong secret surfaces as SignatureDoesNotMatch', async () => {
    const wrong = new S3Client({
      endpoint: server.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: server.credentials.accessKey, secretAccessKey: 'wrong' },
      maxAttempts: 1,
    })
    try {
      const error = await wrong
        .send(new GetObjectCommand({ Bucket, Key: 'small/meta.txt' }))
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(S3ServiceException)
      expect((error as S3ServiceException).name).toBe('SignatureDoesNotMatch')
    } finally {
      wrong.destroy()
    }
  })

  it('DeleteObject every key, then DeleteBucket', async () => {
    const notEmpty = await client.send(new DeleteBucketCommand({ Bucket })).catch((e: unknown) => e)
    expect((notEmpty as S3ServiceException).name).toBe('BucketNotEmpty')
    const listed = await client.send(new ListObjectsV2Command({ Bucket }))
    for (const { Key } of listed.Contents ?? []) {
      await client.send(new DeleteObjectCommand({ Bucket, Key }))
    }
    await client.send(new DeleteBucketCommand({ Bucket }))
    const { Buckets } = await client.send(new ListBucketsCommand({}))
    expect(Buckets?.map((b) => b.Name) ?? []).not.toContain(Bucket)
  })
})
