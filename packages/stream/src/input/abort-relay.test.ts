import { getEventListeners } from 'node:events'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createAbortRelay } from './abort-relay.js'

const abortListeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length

describe('createAbortRelay', () => {
  it('calls every handler still listening exactly once, through one listener on the signal', () => {
    fc.assert(
      fc.property(
        // each step listens a new handler, or stops one listened before (by index)
        fc.array(fc.oneof(fc.constant<'listen'>('listen'), fc.nat({ max: 40 })), { maxLength: 60 }),
        (steps) => {
          const relay = createAbortRelay()
          const controller = new AbortController()
          const calls: number[] = []
          const stops: (() => void)[] = []
          const stopped = new Set<number>()
          for (const step of steps) {
            if (step === 'listen') {
              const id = stops.length
              stops.push(relay.listen(controller.signal, () => calls.push(id)))
            } else if (step < stops.length) {
              stops[step]!()
              stopped.add(step)
            }
            expect(abortListeners(controller.signal)).toBe(
              relay.listening(controller.signal) > 0 ? 1 : 0,
            )
          }
          expect(relay.listening(controller.signal)).toBe(stops.length - stopped.size)
          controller.abort(new Error('stop'))
          const expected = stops.map((_, id) => id).filter((id) => !stopped.has(id))
          expect(calls).toEqual(expected)
          expect(abortListeners(controller.signal)).toBe(0)
          expect(relay.listening(controller.signal)).toBe(0)
          // stopping after the abort is harmless
          for (const stop of stops) stop()
          expect(calls).toEqual(expected)
        },
      ),
    )
  })

  it('adds one listener for 500 handlers (no MaxListenersExceededWarning), none once they stop', () => {
    const relay = createAbortRelay()
    const controller = new AbortController()
    const stops = Array.from({ length: 500 }, () => relay.listen(controller.signal, () => {}))
    expect(abortListeners(controller.signal)).toBe(1)
    for (const stop of stops) stop()
    expect(abortListeners(controller.signal)).toBe(0)
    // a later handler listens again
    let called = 0
    relay.listen(controller.signal, () => called++)
    expect(abortListeners(controller.signal)).toBe(1)
    controller.abort()
    expect(called).toBe(1)
  })

  it('calls nothing for a signal that has already aborted, as addEventListener', () => {
    const relay = createAbortRelay()
    let called = 0
    const stop = relay.listen(AbortSignal.abort(), () => called++)
    stop()
    expect(called).toBe(0)
  })

  it('keeps signals apart, and calls the same function once per listen', () => {
    const relay = createAbortRelay()
    const a = new AbortController()
    const b = new AbortController()
    const calls: string[] = []
    const onA = () => calls.push('a')
    relay.listen(a.signal, onA)
    relay.listen(a.signal, onA)
    relay.listen(b.signal, () => calls.push('b'))
    a.abort()
    expect(calls).toEqual(['a', 'a'])
    expect(relay.listening(b.signal)).toBe(1)
    b.abort()
    expect(calls).toEqual(['a', 'a', 'b'])
  })
})
