import { createHash } from 'node:crypto'
import { encodeKey, isAddressableKey } from '@jss/signer'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type JssLocal, startJssLocal } from '../src/index.js'
import { expectJson } from './expect-reply.js'
import { send } from './send.js'

let server: JssLocal
beforeAll(async () => {
  server = await startJssLocal({ buckets: ['model'] })
})
afterAll(() => server.close())

const key = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .filter((k) => Buffer.byteLength(k) <= 1022 && isAddressableKey(k))
const op = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), key, body: fc.string({ maxLength: 20 }) }),
  fc.record({ kind: fc.constant('delete' as const), key }),
)

it('behaves like a map from keys to bytes, whatever the keys', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
      const model = new Map<string, string>()
      for (const o of ops) {
        const path = `/model/${encodeKey(o.key)}`
        if (o.kind === 'put') {
          const reply = await send(server, { method: 'PUT', path, body: o.body })
          expect(reply.headers.etag).toBe(`"${createHash('md5').update(o.body).digest('hex')}"`)
          model.set(o.key, o.body)
        } else {
          const reply = await send(server, { method: 'DELETE', path })
          expect(reply.status).toBe(model.delete(o.key) ? 204 : 404)
        }
      }
      const list = expectJson(await send(server, { method: 'GET', path: '/model' }))
      const expected = [...model.keys()].sort((a, b) =>
        Buffer.compare(Buffer.from(a), Buffer.from(b)),
      )
      expect((list.Contents as { Key: string }[]).map((c) => c.Key)).toEqual(expected)
      for (const [k, body] of model) {
        expect((await send(server, { method: 'GET', path: `/model/${encodeKey(k)}` })).text).toBe(
          body,
        )
        await send(server, { method: 'DELETE', path: `/model/${encodeKey(k)}` })
      }
    }),
    { numRuns: 15 },
  )
})
