import { describe, expect, it } from 'vitest'
import { PART_LIMITS } from './part-limits.js'

describe('PART_LIMITS', () => {
  it('are the contract values: 5 MiB, 5 GiB, 10,000 parts', () => {
    expect(PART_LIMITS).toEqual({
      minPartSize: 5_242_880,
      maxPartSize: 5_368_709_120,
      maxParts: 10_000,
    })
  })

  it('are frozen', () => {
    expect(Object.isFrozen(PART_LIMITS)).toBe(true)
    expect(() => {
      ;(PART_LIMITS as { maxParts: number }).maxParts = 1
    }).toThrow(TypeError)
    expect(PART_LIMITS.maxParts).toBe(10_000)
  })
})
