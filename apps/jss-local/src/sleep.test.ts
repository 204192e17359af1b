import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { sleep } from './sleep.js'

describe('sleep', () => {
  it('removes its abort listener when the wait ends', async () => {
    const controller = new AbortController()
    for (let i = 0; i < 12; i++) await sleep(1, controller.signal)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it('ends early when the signal aborts, and at once when it already has', async () => {
    const controller = new AbortController()
    const waits = [sleep(60_000, controller.signal), sleep(60_000, controller.signal)]
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(2)
    controller.abort()
    await Promise.all(waits)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
    await sleep(60_000, controller.signal)
  })
})
