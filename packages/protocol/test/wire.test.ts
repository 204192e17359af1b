import { parseRequestTarget, verifyRequest } from '@jss/signer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bytes, clientOf, md5 } from './helpers.js'
import { answer, type NetServer, startNetServer } from './net-server.js'

interface Seen {
  method: string
  path: string
  headers: Record<string, string>
}

const credentials = { accessKey: 'AK-wire', secretKey: 'SK-wire' }
let server: NetServer
const seen: Seen[] = []
beforeAll(async () => {
  server = await startNetServer((socket, head) => {
    const [line = '', ...rest] = head.split('\r\n')
    const [method = '', path = ''] = line.split(' ')
    const headers: Record<string, string> = {}
    for (const h of rest) {
      const i = h.indexOf(':')
      headers[h.slice(0, i).toLowerCase()] = h.slice(i + 1).trim()
    }
    seen.push({ method, path, headers })
    const json = { 'content-type': 'application/json;charset=UTF-8', 'x-jss-request-id': 'WIRE' }
    if (path.includes('?uploads'))
      answer(socket, 200, json, '{"Bucket":"b1","Key":"k","UploadId":"u1"}')
    else if (method === 'PUT')
      answer(socket, 200, { etag: `"${headers['content-md5'] ?? md5('hello world')}"` })
    else answer(socket, 200, json, `{"Bucket":"b1","Key":"k","ETag":"${md5(md5('hello world'))}"}`)
  })
})
afterAll(() => server.close())

async function verifies(s: Seen): Promise<boolean> {
  const result = await verifyRequest(
    { method: s.method, headers: s.headers, resource: parseRequestTarget(s.path) },
    { lookupSecret: (ak) => (ak === credentials.accessKey ? credentials.secretKey : undefined) },
  )
  return result.ok
}

describe('what goes on the wire', () => {
  it('parts carry Content-Length and hex Content-MD5, no Content-Type, and a signature over exactly that', async () => {
    const c = clientOf({ endpoint: server.endpoint, credentials } as Parameters<typeof clientOf>[0])
    const body = [bytes('hello'), bytes(' '), bytes('world')]
    const { uploadId } = await c.initiateMultipartUpload({
      bucket: 'b1',
      key: 'k',
      metadata: { Owner: 'etl' },
    })
    await c.uploadPart({
      bucket: 'b1',
      key: 'k',
      uploadId,
      partNumber: 1,
      body,
      contentMd5: md5('hello world'),
    })
    await c.uploadPart({
      bucket: 'b1',
      key: 'k',
      uploadId,
      partNumber: 2,
      body: bytes('hello world'),
    })
    await c.putObject({
      bucket: 'b1',
      key: 'k',
      body: bytes('hello world'),
      contentType: 'text/plain',
    })
    await c.completeMultipartUpload({
      bucket: 'b1',
      key: 'k',
      uploadId,
      parts: [{ partNumber: 1, etag: md5('hello world') }],
    })
    await c.close()
    const [initiate, part1, part2, put, complete] = seen
    expect(initiate).toMatchObject({
      method: 'POST',
      path: '/b1/k?uploads',
      headers: { 'x-jss-meta-owner': 'etl', 'content-length': '0' },
    })
    expect(part1).toMatchObject({
      method: 'PUT',
      path: '/b1/k?partNumber=1&uploadId=u1',
      headers: { 'content-length': '11', 'content-md5': md5('hello world') },
    })
    expect(part2?.headers['content-md5']).toBeUndefined()
    expect(put?.headers['content-type']).toBe('text/plain')
    expect(complete).toMatchObject({ method: 'POST', path: '/b1/k?uploadId=u1' })
    for (const s of [initiate, part1, part2, complete])
      expect(s?.headers['content-type']).toBeUndefined()
    for (const s of seen) {
      expect(s.headers['user-agent']).toMatch(/^@jss\/protocol\/\d+\.\d+\.\d+/)
      expect(s.headers.authorization).toMatch(/^jingdong AK-wire:/)
      expect(s.headers['transfer-encoding']).toBeUndefined()
      expect(await verifies(s)).toBe(true)
    }
  })
})
