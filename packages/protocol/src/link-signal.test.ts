import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { linkSignal } from './link-signal.js'

describe('linkSignal', () => {
  it('passes the reason on untouched', () => {
    const parent = new AbortController()
    const child = new AbortController()
    linkSignal(parent.signal, child)
    const reason = new Error('stop')
    parent.abort(reason)
    expect(child.signal.reason).toBe(reason)
  })

  it('aborts at once for a parent already aborted', () => {
    const child = new AbortController()
    linkSignal(AbortSignal.abort('gone'), child)
    expect(child.signal.reason).toBe('gone')
  })

  it('leaves no listener behind: 100,000 links on one signal, one at a time', () => {
    const parent = new AbortController()
    let most = 0
    for (let i = 0; i < 100_000; i++) {
      const unlink = linkSignal(parent.signal, new AbortController())
      most = Math.max(most, getEventListeners(parent.signal, 'abort').length)
      unlink()
    }
    expect(most).toBe(1)
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0)
  })
})
