import type { JssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bytes, clientOf, readAll, startServer } from './helpers.js'

let jss: JssLocal
beforeAll(async () => {
  jss = await startServer()
  const c = clientOf(jss)
  await c.putObject({ bucket: 'test', key: 'obj', body: bytes('x'.repeat(100_000)) })
  await c.close()
})
afterAll(() => jss.close())

describe('pool, close and destroy', () => {
  it('never opens more connections per origin than `connections`', async () => {
    jss.setFaults('headObject:stall=100ms@1')
    const c = clientOf(jss, { connections: 2 })
    const before = jss.counters.peakRequestsInFlight
    expect(before).toBeLessThanOrEqual(1)
    await Promise.all(Array.from({ length: 6 }, () => c.headObject({ bucket: 'test', key: 'obj' })))
    jss.setFaults(undefined)
    expect(jss.counters.peakRequestsInFlight).toBe(2)
    await c.close()
  })

  it('close() lets requests in flight finish', async () => {
    jss.setFaults('headObject:stall=100ms@1')
    const c = clientOf(jss)
    const before = jss.counters.operations.headObject ?? 0
    const pending = c.headObject({ bucket: 'test', key: 'obj' })
    while ((jss.counters.operations.headObject ?? 0) === before) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await c.close()
    jss.setFaults(undefined)
    await expect(pending).resolves.toMatchObject({ contentLength: 100_000 })
    await expect(c.headObject({ bucket: 'test', key: 'obj' })).rejects.toMatchObject({
      code: 'JSS_ERR_CLIENT_CLOSED',
    })
  })

  it('destroy() fails requests in flight at once, without retrying them', async () => {
    jss.setFaults('headObject:stall=5s@1')
    const c = clientOf(jss)
    const pending = c.headObject({ bucket: 'test', key: 'obj' })
    const before = jss.counters.operations.headObject ?? 0
    while ((jss.counters.operations.headObject ?? 0) === before)
      await new Promise((resolve) => setTimeout(resolve, 5))
    await c.destroy()
    jss.setFaults(undefined)
    await expect(pending).rejects.toMatchObject({ code: 'JSS_ERR_CLIENT_CLOSED', attempts: 1 })
  })

  it('an abort while reading a getObject body ends the body with the reason', async () => {
    const c = clientOf(jss)
    const controller = new AbortController()
    const got = await c.getObject({ bucket: 'test', key: 'obj' }, { signal: controller.signal })
    const reason = new Error('enough')
    controller.abort(reason)
    await expect(readAll(got.body)).rejects.toBe(reason)
    await c.close()
  })
})
