import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FaultInjector } from './fault-injector.js'

function draws(injector: FaultInjector, n: number): (string | undefined)[] {
  return Array.from({ length: n }, () => injector.draw('uploadPart')?.kind)
}

describe('FaultInjector', () => {
  it('draws the same faults for the same seed and spec', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const spec = 'uploadPart:500=0.2,503=0.2,reset=0.1,stall=0.1,etag=0.1'
        expect(draws(new FaultInjector(spec, seed), 50)).toEqual(
          draws(new FaultInjector(spec, seed), 50),
        )
      }),
    )
  })

  it('keeps each operation on its own stream', () => {
    const spec = '*:500=0.5'
    const alone = new FaultInjector(spec, 3)
    const mixed = new FaultInjector(spec, 3)
    const expected = draws(alone, 20)
    const got: (string | undefined)[] = []
    for (let i = 0; i < 20; i++) {
      mixed.draw('getObject')
      got.push(mixed.draw('uploadPart')?.kind)
    }
    expect(got).toEqual(expected)
  })

  it('restarts the streams on set', () => {
    const injector = new FaultInjector('uploadPart:500=0.5', 9)
    const first = draws(injector, 20)
    injector.set('uploadPart:500=0.5')
    expect(draws(injector, 20)).toEqual(first)
  })

  it('follows the probabilities (1, 0, and roughly one half)', () => {
    expect(draws(new FaultInjector('uploadPart:503=1', 1), 10)).toEqual(Array(10).fill('503'))
    expect(draws(new FaultInjector('getObject:503=1', 1), 10)).toEqual(Array(10).fill(undefined))
    const half = draws(new FaultInjector('uploadPart:500=0.5', 1), 1000).filter(
      (k) => k === '500',
    ).length
    expect(half).toBeGreaterThan(400)
    expect(half).toBeLessThan(600)
  })

  it('draws cut for getObject only, with a cut point deterministic under the seed', () => {
    const cuts = (seed: number) => {
      const injector = new FaultInjector('*:cut=1', seed)
      return Array.from({ length: 20 }, () => injector.draw('getObject'))
    }
    const first = cuts(5)
    expect(cuts(5)).toEqual(first)
    for (const fault of first) {
      expect(fault?.kind).toBe('cut')
      const fraction = fault?.kind === 'cut' ? fault.fraction : -1
      expect(fraction).toBeGreaterThanOrEqual(0)
      expect(fraction).toBeLessThan(1)
    }
    expect(new Set(first.map((f) => (f?.kind === 'cut' ? f.fraction : -1))).size).toBeGreaterThan(1)
    expect(new FaultInjector('*:cut=1', 5).draw('headObject')).toBeUndefined()
    expect(new FaultInjector('*:cut=1', 5).draw('uploadPart')).toBeUndefined()
  })

  it('carries the stall length and Retry-After', () => {
    expect(new FaultInjector('*:stall=250ms@1', 1).draw('putObject')).toEqual({
      kind: 'stall',
      ms: 250,
    })
    expect(new FaultInjector('*:503=4s@1', 1).draw('putObject')).toEqual({
      kind: '503',
      retryAfterSeconds: 4,
    })
  })
})
