#!/usr/bin/env node
// A server that answers the JSS and the S3 multipart dialects without storing anything: the ceiling a
// client can reach on this machine. It reads and drops every body, and echoes the client's Content-MD5
// (JSS) as the part ETag, so that clients that verify ETags pass without the server hashing.
// Prints one JSON line {"endpoint"} on stdout; stops on SIGINT/SIGTERM.
import { createHash, randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { s3MultipartEtag } from '@jss/protocol'

const uploads = new Map()

function drain(request) {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks = []
    const keep = request.method === 'POST'
    request.on('data', (chunk) => {
      size += chunk.length
      if (keep) chunks.push(chunk)
    })
    request.on('end', () =>
      resolve({ size, text: keep ? Buffer.concat(chunks).toString('utf8') : '' }),
    )
    request.on('error', reject)
  })
}

function hexMd5Header(value) {
  if (!value) return undefined
  if (/^[0-9a-f]{32}$/i.test(value)) return value.toLowerCase()
  return Buffer.from(value, 'base64').toString('hex')
}

async function handle(request, response) {
  const url = new URL(request.url ?? '/', 'http://discard')
  const [, bucket = '', ...rest] = url.pathname.split('/')
  const key = decodeURIComponent(rest.join('/'))
  const s3 = String(request.headers.authorization ?? '').startsWith('AWS4-')
  const requestId = randomUUID()
  const { size, text } = await drain(request)
  const reply = (status, headers, body = '') => {
    response.writeHead(status, {
      'x-jss-request-id': requestId,
      'x-amz-request-id': requestId,
      ...headers,
      'content-length': Buffer.byteLength(body),
    })
    response.end(body)
  }
  const json = (value) =>
    reply(200, { 'content-type': 'application/json;charset=UTF-8' }, JSON.stringify(value))
  const xml = (value) =>
    reply(
      200,
      { 'content-type': 'application/xml' },
      `<?xml version="1.0" encoding="UTF-8"?>\n${value}`,
    )
  const q = url.searchParams
  if (request.method === 'POST' && q.has('uploads')) {
    const uploadId = randomUUID().replaceAll('-', '')
    uploads.set(uploadId, { bucket, key })
    if (s3)
      return xml(
        `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
      )
    return json({ Bucket: bucket, Key: key, UploadId: uploadId })
  }
  if (request.method === 'PUT' && q.has('uploadId')) {
    const etag =
      hexMd5Header(request.headers['content-md5']) ??
      createHash('md5')
        .update(`${q.get('partNumber')}:${size}`)
        .digest('hex')
    return reply(200, { etag: `"${etag}"` })
  }
  if (request.method === 'POST' && q.has('uploadId')) {
    uploads.delete(q.get('uploadId'))
    if (s3) {
      const etags = [...text.matchAll(/<ETag>(?:"|&quot;)?([^<"&]*)(?:"|&quot;)?<\/ETag>/g)].map(
        (m) => m[1],
      )
      return xml(
        `<CompleteMultipartUploadResult><Location>${url.href}</Location><Bucket>${bucket}</Bucket><Key>${key}</Key><ETag>"${s3MultipartEtag(etags)}"</ETag></CompleteMultipartUploadResult>`,
      )
    }
    const body = JSON.parse(text)
    const parts = Array.isArray(body) ? body : body.Part
    const etag = createHash('md5')
      .update(parts.map((p) => p.ETag.replaceAll('"', '')).join(''))
      .digest('hex')
    return json({ Bucket: bucket, Key: key, ETag: etag })
  }
  if (request.method === 'DELETE' && q.has('uploadId')) {
    uploads.delete(q.get('uploadId'))
    return reply(204, {})
  }
  if (request.method === 'PUT') {
    if (!key) return reply(201, {})
    const etag =
      hexMd5Header(request.headers['content-md5']) ??
      createHash('md5').update(String(size)).digest('hex')
    return reply(200, { etag: `"${etag}"` })
  }
  if (request.method === 'GET' && q.has('uploads')) {
    return json({
      Bucket: bucket,
      Prefix: q.get('prefix'),
      Upload: [],
      NextKeyMarker: null,
      NextUploadIdMarker: null,
      HasNext: false,
    })
  }
  reply(
    404,
    { 'content-type': 'application/json;charset=UTF-8' },
    JSON.stringify({
      code: 'NoSuchKey',
      message: 'The discard server stores nothing.',
      resource: url.pathname,
      requestId,
    }),
  )
}

const server = createServer(
  { keepAliveTimeout: 60_000, requestTimeout: 0 },
  (request, response) => {
    handle(request, response).catch((error) => {
      response.destroy(error)
    })
  },
)
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address()
  process.stdout.write(`${JSON.stringify({ endpoint: `http://127.0.0.1:${port}` })}\n`)
})
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => server.close(() => process.exit(0)))
