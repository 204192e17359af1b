import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type JssLocal, startJssLocal } from '../src/index.js'
import { expectError, expectJson, HTTP_DATE } from './expect-reply.js'
import { send } from './send.js'

const md5 = (data: string | Buffer): string => createHash('md5').update(data).digest('hex')

let server: JssLocal
beforeAll(async () => {
  server = await startJssLocal({
    buckets: ['multi'],
    minPartSize: 4,
    maxPartSize: 16,
    maxParts: 20,
  })
})
afterAll(() => server.close())

async function initiate(key: string, headers: Record<string, string> = {}): Promise<string> {
  const body = expectJson(
    await send(server, { method: 'POST', path: `/multi/${key}?uploads`, headers }),
  )
  expect(body).toEqual({
    Bucket: 'multi',
    Key: decodeURIComponent(key),
    UploadId: expect.any(String),
  })
  return body.UploadId as string
}

async function putPart(
  key: string,
  uploadId: string,
  partNumber: number,
  body: string,
  headers: Record<string, string> = {},
) {
  return send(server, {
    method: 'PUT',
    path: `/multi/${key}?partNumber=${partNumber}&uploadId=${uploadId}`,
    body,
    headers,
  })
}

function complete(key: string, uploadId: string, body: unknown) {
  return send(server, {
    method: 'POST',
    path: `/multi/${key}?uploadId=${uploadId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

describe('a whole multipart upload', () => {
  it('initiates, uploads, lists, completes with the documented ETag, and reads back', async () => {
    const uploadId = await initiate('dir/a%20file.bin', {
      'Content-Type': 'text/plain',
      'x-jss-meta-owner': 'me',
    })
    const bodies = ['aaaa', 'bbbbb', 'cc']
    for (const [i, body] of bodies.entries()) {
      const reply = await putPart('dir/a%20file.bin', uploadId, i + 1, body, {
        'Content-MD5': md5(body),
      })
      expect(reply.status).toBe(200)
      expect(reply.body.length).toBe(0)
      expect(reply.headers.etag).toBe(`"${md5(body)}"`)
    }
    const parts = expectJson(
      await send(server, { method: 'GET', path: `/multi/dir/a%20file.bin?uploadId=${uploadId}` }),
    )
    expect(parts).toEqual({
      Bucket: 'multi',
      Key: 'dir/a file.bin',
      UploadId: uploadId,
      StorageClass: 'STANDARD',
      Part: bodies.map((b, i) => ({
        PartNumber: i + 1,
        LastModified: expect.stringMatching(HTTP_DATE),
        ETag: md5(b),
        Size: b.length,
      })),
      PartNumberMarker: 0,
      NextPartNumberMarker: null,
      MaxParts: 1000,
      HasNext: false,
    })
    const done = expectJson(
      await complete('dir/a%20file.bin', uploadId, {
        Part: bodies.map((b, i) => ({ PartNumber: i + 1, ETag: md5(b) })),
      }),
    )
    const etag = md5(bodies.map(md5).join(''))
    expect(done).toEqual({ Bucket: 'multi', Key: 'dir/a file.bin', ETag: etag })
    const get = await send(server, { method: 'GET', path: '/multi/dir/a%20file.bin' })
    expect(get.text).toBe('aaaabbbbbcc')
    expect(get.headers).toMatchObject({
      etag: `"${etag}"`,
      'content-type': 'text/plain',
      'x-jss-meta-owner': 'me',
    })
    const ranged = await send(server, {
      method: 'GET',
      path: '/multi/dir/a%20file.bin',
      headers: { Range: 'bytes=3-9' },
    })
    expect(ranged.text).toBe('abbbbbc')
    expectError(
      await send(server, { method: 'GET', path: `/multi/dir/a%20file.bin?uploadId=${uploadId}` }),
      404,
      'NoSuchUpload',
    )
  })

  it('computes the final ETag of the docs example', async () => {
    const { multipartEtag } = await import('../src/index.js')
    expect(
      multipartEtag([
        '9223eed2740a549634ac58688d33b614',
        'aa286070fe65d16d39fb8997143ea564',
        '3b586f704fcd6b714fde125aeffc3e74',
      ]),
    ).toBe('4e456c2fc34928a3e2fa202acf71870a')
  })

  it('accepts gaps, quoted ETags, numeric strings and a bare array body; unlisted parts are dropped', async () => {
    const uploadId = await initiate('gaps')
    await putPart('gaps', uploadId, 2, 'two2')
    await putPart('gaps', uploadId, 5, 'five')
    await putPart('gaps', uploadId, 7, 'seven')
    const done = expectJson(
      await complete('gaps', uploadId, [
        { PartNumber: '2', ETag: `"${md5('two2')}"` },
        { PartNumber: 5, ETag: md5('five') },
      ]),
    )
    expect(done.ETag).toBe(md5(md5('two2') + md5('five')))
    expect((await send(server, { method: 'GET', path: '/multi/gaps' })).text).toBe('two2five')
  })

  it('replaces a part uploaded again', async () => {
    const uploadId = await initiate('again')
    await putPart('again', uploadId, 1, 'first')
    await putPart('again', uploadId, 1, 'second')
    const parts = expectJson(
      await send(server, { method: 'GET', path: `/multi/again?uploadId=${uploadId}` }),
    )
    expect(parts.Part).toEqual([
      expect.objectContaining({ PartNumber: 1, ETag: md5('second'), Size: 6 }),
    ])
  })

  it('does not touch an existing object when initiating', async () => {
    await send(server, { method: 'PUT', path: '/multi/existing', body: 'still here' })
    const uploadId = await initiate('existing')
    expect((await send(server, { method: 'GET', path: '/multi/existing' })).text).toBe('still here')
    expect(
      (await send(server, { method: 'DELETE', path: `/multi/existing?uploadId=${uploadId}` }))
        .status,
    ).toBe(204)
    expect((await send(server, { method: 'GET', path: '/multi/existing' })).text).toBe('still here')
  })
})

describe('upload part errors', () => {
  let uploadId: string
  beforeAll(async () => {
    uploadId = await initiate('errors')
  })

  it('answers 400 InvalidArgument for part number 0, negative or not a number', async () => {
    for (const n of ['0', '-1', 'abc', '']) {
      const reply = await send(server, {
        method: 'PUT',
        path: `/multi/errors?partNumber=${n}&uploadId=${uploadId}`,
        body: 'xxxx',
      })
      expectError(reply, 400, 'InvalidArgument', '/multi/errors')
    }
  })

  it('answers 400 TooManyParts above the part limit', async () => {
    expectError(await putPart('errors', uploadId, 21, 'xxxx'), 400, 'TooManyParts')
    expectError(await putPart('errors', uploadId, 10001, 'xxxx'), 400, 'TooManyParts')
  })

  it('answers 400 InvalidArgument for a missing or empty uploadId', async () => {
    expectError(
      await send(server, {
        method: 'PUT',
        path: '/multi/errors?partNumber=1&uploadId=',
        body: 'x',
      }),
      400,
      'InvalidArgument',
    )
    expectError(
      await send(server, { method: 'PUT', path: '/multi/errors?partNumber=1', body: 'x' }),
      400,
      'InvalidArgument',
    )
    expectError(
      await send(server, { method: 'POST', path: '/multi/errors?uploadId=', body: '[]' }),
      400,
      'InvalidArgument',
    )
  })

  it('answers 404 NoSuchUpload for an unknown upload, or one of another key', async () => {
    expectError(await putPart('errors', 'f'.repeat(32), 1, 'xxxx'), 404, 'NoSuchUpload')
    expectError(await putPart('errors', '../../etc', 1, 'xxxx'), 404, 'NoSuchUpload')
    expectError(await putPart('other-key', uploadId, 1, 'xxxx'), 404, 'NoSuchUpload')
  })

  it('answers 400 EntityTooLarge above the maximum part size', async () => {
    expectError(await putPart('errors', uploadId, 1, 'x'.repeat(17)), 400, 'EntityTooLarge')
    expect((await putPart('errors', uploadId, 1, 'x'.repeat(16))).status).toBe(200)
  })

  it('answers 400 BadDigest on a Content-MD5 mismatch (hex or base64)', async () => {
    const wrong = md5('other')
    expectError(
      await putPart('errors', uploadId, 2, 'data', { 'Content-MD5': wrong }),
      400,
      'BadDigest',
    )
    expectError(
      await putPart('errors', uploadId, 2, 'data', {
        'Content-MD5': Buffer.from(wrong, 'hex').toString('base64'),
      }),
      400,
      'BadDigest',
    )
  })

  it('answers 400 MissingContentLength for a body without length', async () => {
    const reply = await send(server, {
      method: 'PUT',
      path: `/multi/errors?partNumber=3&uploadId=${uploadId}`,
      headers: { 'Transfer-Encoding': 'chunked' },
    })
    expectError(reply, 400, 'MissingContentLength')
  })
})

describe('complete errors', () => {
  let uploadId: string
  beforeAll(async () => {
    uploadId = await initiate('complete-errors')
    await putPart('complete-errors', uploadId, 1, 'one1')
    await putPart('complete-errors', uploadId, 2, 'tw')
    await putPart('complete-errors', uploadId, 3, 'three')
  })

  it('answers 400 MalformedJson for bad JSON, an empty list or a bad item', async () => {
    for (const body of [
      '{',
      '{"Part":[]}',
      '[]',
      '{}',
      '{"Part":[{"PartNumber":"x","ETag":"a"}]}',
    ]) {
      expectError(await complete('complete-errors', uploadId, body), 400, 'MalformedJson')
    }
  })

  it('answers 400 MalformedJson for a body above 4 MiB, declared or chunked, without reading it all', async () => {
    const big = `[${' '.repeat(4 * 1024 * 1024 + 1)}]`
    expectError(await complete('complete-errors', uploadId, big), 400, 'MalformedJson')
    const chunked = await send(server, {
      method: 'POST',
      path: `/multi/complete-errors?uploadId=${uploadId}`,
      body: big,
      headers: { 'Transfer-Encoding': 'chunked' },
    })
    expectError(chunked, 400, 'MalformedJson')
  })

  it('answers 400 InvalidPartOrder for parts out of order or repeated', async () => {
    const parts = [
      { PartNumber: 3, ETag: md5('three') },
      { PartNumber: 1, ETag: md5('one1') },
    ]
    expectError(
      await complete('complete-errors', uploadId, { Part: parts }),
      400,
      'InvalidPartOrder',
    )
    const twice = [
      { PartNumber: 1, ETag: md5('one1') },
      { PartNumber: 1, ETag: md5('one1') },
    ]
    expectError(
      await complete('complete-errors', uploadId, { Part: twice }),
      400,
      'InvalidPartOrder',
    )
  })

  it('answers 400 InvalidPart for a missing part or a different ETag', async () => {
    expectError(
      await complete('complete-errors', uploadId, { Part: [{ PartNumber: 4, ETag: md5('x') }] }),
      400,
      'InvalidPart',
    )
    expectError(
      await complete('complete-errors', uploadId, { Part: [{ PartNumber: 1, ETag: md5('x') }] }),
      400,
      'InvalidPart',
    )
  })

  it('answers 400 EntityTooSmall when a part but the last is below the minimum', async () => {
    const parts = [1, 2, 3].map((n) => ({
      PartNumber: n,
      ETag: md5(['one1', 'tw', 'three'][n - 1]!),
    }))
    expectError(await complete('complete-errors', uploadId, { Part: parts }), 400, 'EntityTooSmall')
    const ok = [parts[0]!, parts[1]!]
    expect((await complete('complete-errors', uploadId, { Part: ok })).status).toBe(200)
    expectError(await complete('complete-errors', uploadId, { Part: ok }), 404, 'NoSuchUpload')
  })
})

describe('abort', () => {
  it('answers 204, then 404 NoSuchUpload for every operation on it', async () => {
    const uploadId = await initiate('aborted')
    await putPart('aborted', uploadId, 1, 'data')
    expect(
      (await send(server, { method: 'DELETE', path: `/multi/aborted?uploadId=${uploadId}` }))
        .status,
    ).toBe(204)
    expectError(
      await send(server, { method: 'DELETE', path: `/multi/aborted?uploadId=${uploadId}` }),
      404,
      'NoSuchUpload',
    )
    expectError(await putPart('aborted', uploadId, 2, 'data'), 404, 'NoSuchUpload')
    expectError(
      await complete('aborted', uploadId, { Part: [{ PartNumber: 1, ETag: md5('data') }] }),
      404,
      'NoSuchUpload',
    )
  })
})

describe('pagination', () => {
  it('pages list parts with max-parts and part-number-marker', async () => {
    const uploadId = await initiate('paged')
    for (let n = 1; n <= 5; n++) await putPart('paged', uploadId, n, `p${n}`)
    const seen: number[] = []
    let marker = 0
    for (let page = 0; page < 10; page++) {
      const body = expectJson(
        await send(server, {
          method: 'GET',
          path: `/multi/paged?uploadId=${uploadId}&max-parts=2&part-number-marker=${marker}`,
        }),
      )
      expect(body.MaxParts).toBe(2)
      expect(body.PartNumberMarker).toBe(marker)
      seen.push(...(body.Part as { PartNumber: number }[]).map((p) => p.PartNumber))
      if (!body.HasNext) {
        expect(body.NextPartNumberMarker).toBeNull()
        break
      }
      expect(typeof body.NextPartNumberMarker).toBe('number')
      marker = body.NextPartNumberMarker as number
    }
    expect(seen).toEqual([1, 2, 3, 4, 5])
    expectError(
      await send(server, { method: 'GET', path: `/multi/paged?uploadId=${uploadId}&max-parts=x` }),
      400,
      'InvalidArgument',
    )
  })

  it('pages list uploads with prefix, key-marker, upload-id-marker and max-uploads', async () => {
    const mine = new Set<string>()
    for (const key of ['list/a', 'list/b', 'list/b', 'list/c'])
      mine.add(`${key} ${await initiate(key)}`)
    await initiate('not-listed')
    const seen: string[] = []
    let query = ''
    for (let page = 0; page < 10; page++) {
      const body = expectJson(
        await send(server, {
          method: 'GET',
          path: `/multi?uploads&prefix=list%2F&max-uploads=3${query}`,
        }),
      )
      expect(body.Bucket).toBe('multi')
      expect(body.Prefix).toBe('list/')
      for (const u of body.Upload as Record<string, unknown>[]) {
        expect(u).toEqual({
          Key: expect.any(String),
          UploadId: expect.any(String),
          Initiated: expect.stringMatching(HTTP_DATE),
          'Enable-Encryption': false,
          StorageClass: 'STANDARD',
        })
        seen.push(`${u.Key} ${u.UploadId}`)
      }
      if (!body.HasNext) {
        expect(body.NextKeyMarker).toBeNull()
        expect(body.NextUploadIdMarker).toBeNull()
        break
      }
      query = `&key-marker=${encodeURIComponent(body.NextKeyMarker as string)}&upload-id-marker=${body.NextUploadIdMarker}`
    }
    expect(new Set(seen)).toEqual(mine)
    expect(seen).toHaveLength(4)
    expect(seen.map((s) => s.split(' ')[0])).toEqual(['list/a', 'list/b', 'list/b', 'list/c'])
  })

  it('reports encryption and storage class of an upload', async () => {
    await initiate('sse', {
      'x-jss-server-side-encryption': 'true',
      'x-jss-storage-class': 'REDUCED_REDUNDANCY',
    })
    const body = expectJson(
      await send(server, { method: 'GET', path: '/multi?uploads&prefix=sse' }),
    )
    expect(body.Upload).toEqual([
      expect.objectContaining({
        Key: 'sse',
        'Enable-Encryption': true,
        StorageClass: 'REDUCED_REDUNDANCY',
      }),
    ])
  })
})
