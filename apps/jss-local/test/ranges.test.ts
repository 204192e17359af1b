import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type JssLocal, startJssLocal } from '../src/index.js'
import { send } from './send.js'

let server: JssLocal
const parts = [randomBytes(7), randomBytes(5), randomBytes(9)]
const whole = Buffer.concat(parts)
beforeAll(async () => {
  server = await startJssLocal({ buckets: ['ranges'], minPartSize: 5 })
  const init = await send(server, { method: 'POST', path: '/ranges/object?uploads' })
  const uploadId = (init.json as { UploadId: string }).UploadId
  const list = []
  for (const [i, body] of parts.entries()) {
    const reply = await send(server, {
      method: 'PUT',
      path: `/ranges/object?partNumber=${i + 1}&uploadId=${uploadId}`,
      body,
    })
    list.push({ PartNumber: i + 1, ETag: (reply.headers.etag ?? '').replaceAll('"', '') })
  }
  const done = await send(server, {
    method: 'POST',
    path: `/ranges/object?uploadId=${uploadId}`,
    body: JSON.stringify({ Part: list }),
  })
  expect(done.status).toBe(200)
})
afterAll(() => server.close())

it('serves any single range of a multipart object across its parts', async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat(whole.length - 1), fc.nat(whole.length + 3), async (start, last) => {
      const reply = await send(server, {
        method: 'GET',
        path: '/ranges/object',
        headers: { Range: `bytes=${start}-${Math.max(start, last)}` },
      })
      const end = Math.min(Math.max(start, last), whole.length - 1)
      expect(reply.status).toBe(206)
      expect(reply.headers['content-range']).toBe(`bytes ${start}-${end}/${whole.length}`)
      expect(reply.body.equals(whole.subarray(start, end + 1))).toBe(true)
    }),
    { numRuns: 30 },
  )
  expect((await send(server, { method: 'GET', path: '/ranges/object' })).body.equals(whole)).toBe(
    true,
  )
})
