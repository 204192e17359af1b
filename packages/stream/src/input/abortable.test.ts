import { describe, expect, it } from 'vitest'
import { createAbortRace } from './abortable.js'

describe('createAbortRace', () => {
  it('passes results and rejections through while the signal is not aborted', async () => {
    const controller = new AbortController()
    const aborts = createAbortRace(controller.signal)
    const failure = new Error('source failed')
    for (let i = 0; i < 5; i++) await expect(aborts.race(Promise.resolve(i))).resolves.toBe(i)
    await expect(aborts.race(Promise.reject(failure))).rejects.toBe(failure)
    aborts.dispose()
  })

  it('rejects the pending race, and every later one, with the abort reason', async () => {
    const controller = new AbortController()
    const aborts = createAbortRace(controller.signal)
    await aborts.race(Promise.resolve('first'))
    const pending = aborts.race(new Promise<never>(() => {}))
    const reason = new Error('stop')
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
    await expect(aborts.race(Promise.resolve(1))).rejects.toBe(reason)
  })

  it('returns the promise itself without a signal', async () => {
    const aborts = createAbortRace(undefined)
    const promise = Promise.resolve(3)
    expect(aborts.race(promise)).toBe(promise)
  })
})

describe('createAbortRace listeners', () => {
  it('holds one listener for 100,000 races on one signal, none after dispose', async () => {
    const { getEventListeners } = await import('node:events')
    const controller = new AbortController()
    const aborts = createAbortRace(controller.signal)
    for (let i = 0; i < 100_000; i++) await aborts.race(Promise.resolve(i))
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    aborts.dispose()
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })
})
