import { type JssLocal, startJssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequestEvent } from './client-options.js'
import { defineOperation, type OperationCall } from './define-operation.js'
import { isServiceError, JssInvalidArgumentError } from './errors.js'
import { resolveOptions } from './resolve-options.js'
import type { ClientContext } from './send-once.js'
import { requireString } from './validate.js'

let jss: JssLocal
let ctx: ClientContext
const events: RequestEvent[] = []
beforeAll(async () => {
  jss = await startJssLocal({ buckets: ['test'] })
  const options = resolveOptions({
    endpoint: jss.endpoint,
    credentials: jss.credentials,
    retry: { baseDelay: 1, maxDelay: 5 },
    onRequest: (event) => events.push(event),
  })
  ctx = { options, clockOffset: 0, serverOffset: 0 }
})
afterAll(async () => {
  await ctx.options.dispatcher.close()
  await jss.close()
})

interface Params {
  bucket: string
  key: string
  tag?: string
}

/** A HEAD of an object, described; `tag` is checked by `validate` and sent as a header. */
function headOperation(hooks: Partial<Parameters<typeof defineOperation<Params, number>>[0]> = {}) {
  return defineOperation<Params, number>({
    name: 'probe',
    method: 'HEAD',
    scope: 'object',
    validate: (params) => {
      if (params.tag !== undefined) requireString(params.tag, 'tag')
    },
    target: ({ bucket, key }) => ({ bucket, key, query: { probe: 1 } }),
    headers: (params) => (params.tag === undefined ? {} : { 'x-jss-meta-tag': params.tag }),
    parse: async (res) => res.statusCode,
    ...hooks,
  })
}

describe('defineOperation', () => {
  it('validates the params object, then bucket, then key, then the description, before any I/O', async () => {
    const probe = headOperation()
    const before = jss.counters.requests
    await expect(probe(ctx, null as unknown as Params)).rejects.toThrow(
      'probe needs a parameters object',
    )
    await expect(probe(ctx, { bucket: '', key: '', tag: '' })).rejects.toThrow(/^bucket/)
    await expect(probe(ctx, { bucket: 'test', key: '', tag: '' })).rejects.toThrow(/^key/)
    await expect(probe(ctx, { bucket: 'test', key: 'k', tag: '' })).rejects.toThrow(/^tag/)
    await expect(probe(ctx, { bucket: 'test', key: 'k', tag: '' })).rejects.toBeInstanceOf(
      JssInvalidArgumentError,
    )
    expect(jss.counters.requests).toBe(before)
  })

  it('checks the signal after the arguments and rejects with its reason', async () => {
    const probe = headOperation()
    const reason = new Error('stop')
    const signal = AbortSignal.abort(reason)
    await expect(probe(ctx, { bucket: 'test', key: 'k', tag: '' }, { signal })).rejects.toThrow(
      /^tag/,
    )
    await expect(probe(ctx, { bucket: 'test', key: 'k' }, { signal })).rejects.toBe(reason)
  })

  it('sends the described request and parses the answer; the events name the operation', async () => {
    events.length = 0
    const put = defineOperation<Params, string>({
      name: 'put',
      method: 'PUT',
      scope: 'object',
      target: ({ bucket, key }) => ({ bucket, key }),
      body: () => new TextEncoder().encode('hello'),
      parse: async (res) => res.headers.etag ?? '',
    })
    expect(await put(ctx, { bucket: 'test', key: 'described' })).toMatch(/^"[0-9a-f]{32}"$/)
    expect(await headOperation()(ctx, { bucket: 'test', key: 'described' })).toBe(200)
    expect(events.map((e) => [e.operation, e.method, e.resource])).toEqual([
      ['put', 'PUT', '/test/described'],
      ['probe', 'HEAD', '/test/described?probe=1'],
    ])
  })

  it('lets `recover` turn a failure into a success, and retries nothing when not idempotent', async () => {
    const seen: unknown[] = []
    const recovering = headOperation({
      recover: (call: OperationCall<Params>) => async (error) => {
        seen.push(call.target.resource)
        return isServiceError(error, 'NoSuchKey') ? { value: -1 } : undefined
      },
    })
    expect(await recovering(ctx, { bucket: 'test', key: 'missing' })).toBe(-1)
    expect(seen).toEqual(['/test/missing?probe=1'])
    jss.setFaults('headObject:500=1')
    try {
      events.length = 0
      const once = headOperation({ idempotent: false })
      await expect(once(ctx, { bucket: 'test', key: 'described' })).rejects.toMatchObject({
        code: 'InternalError',
        attempts: 1,
      })
      expect(events).toHaveLength(1)
    } finally {
      jss.setFaults(undefined)
    }
  })

  it('calls `afterLostAnswer` only when an attempt lost its answer', async () => {
    const calls: (number | undefined)[] = []
    const probe = headOperation({
      afterLostAnswer: async (_call, result) => {
        calls.push(result)
      },
    })
    expect(await probe(ctx, { bucket: 'test', key: 'described' })).toBe(200)
    expect(calls).toEqual([])
    jss.setFaults('headObject:reset=1')
    try {
      await expect(probe(ctx, { bucket: 'test', key: 'described' })).rejects.toMatchObject({
        code: 'JSS_ERR_SOCKET',
      })
    } finally {
      jss.setFaults(undefined)
    }
    expect(calls).toEqual([undefined])
  })

  it("sends a `'service'` operation to the endpoint itself, its params optional and no bucket checked", async () => {
    events.length = 0
    const service = defineOperation<{ tag?: string } | undefined, number>({
      name: 'service',
      method: 'GET',
      scope: 'service',
      validate: (params) => {
        if (params?.tag !== undefined) requireString(params.tag, 'tag')
      },
      target: () => ({}),
      parse: async (res) => res.statusCode,
    })
    const before = jss.counters.requests
    await expect(service(ctx, 'x' as unknown as undefined)).rejects.toThrow(
      'service needs a parameters object',
    )
    await expect(service(ctx, { tag: '' })).rejects.toBeInstanceOf(JssInvalidArgumentError)
    expect(jss.counters.requests).toBe(before)
    expect(await service(ctx, undefined)).toBe(200)
    expect(await service(ctx, {})).toBe(200)
    expect(events.map((e) => [e.operation, e.method, e.resource])).toEqual([
      ['service', 'GET', '/'],
      ['service', 'GET', '/'],
    ])
  })
})
