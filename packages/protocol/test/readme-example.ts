import { createClient } from '@jss/protocol'
import { startJssLocal } from 'jss-local'

// A local JSS server with a bucket, and a 5-byte minimum part size so that the parts can be tiny.
const jss = await startJssLocal({ buckets: ['demo'], minPartSize: 5 })
const client = createClient({ endpoint: jss.endpoint, credentials: jss.credentials })
const encoder = new TextEncoder()
try {
  const key = 'logs/2026-11-22.txt'
  const { uploadId } = await client.initiateMultipartUpload({
    bucket: 'demo',
    key,
    contentType: 'text/plain',
  })
  // A part is a Uint8Array, or a list of them sent back to back without copying.
  const first = await client.uploadPart({
    bucket: 'demo',
    key,
    uploadId,
    partNumber: 1,
    body: encoder.encode('hello '),
  })
  const second = await client.uploadPart({
    bucket: 'demo',
    key,
    uploadId,
    partNumber: 2,
    body: [encoder.encode('wor'), encoder.encode('ld')],
  })
  const done = await client.completeMultipartUpload({
    bucket: 'demo',
    key,
    uploadId,
    parts: [
      { partNumber: 1, etag: first.etag },
      { partNumber: 2, etag: second.etag },
    ],
    expectedSize: 11,
  })
  const head = await client.headObject({ bucket: 'demo', key })
  console.log(done.etag, head.contentLength) // md5(etag1 + etag2), 11
} finally {
  await client.close()
  await jss.close()
}
