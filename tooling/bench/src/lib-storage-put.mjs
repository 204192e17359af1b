#!/usr/bin/env node
// lib-storage-put.mjs ENDPOINT BUCKET KEY [--when-required] — stdin into @aws-sdk/lib-storage's Upload
// (S3 dialect, path-style), 8 MiB parts, 4 at a time: the peer jss-stream is measured against.
import { S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'

const [endpoint, bucket, key, flag] = process.argv.slice(2)
const client = new S3Client({
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench-secret' },
  ...(flag === '--when-required' ? { requestChecksumCalculation: 'WHEN_REQUIRED' } : {}),
})
const upload = new Upload({
  client,
  params: { Bucket: bucket, Key: key, Body: process.stdin },
  partSize: 8 * 1024 * 1024,
  queueSize: 4,
})
await upload.done()
client.destroy()
