import { expect, it } from 'vitest'
import { PART_LIMITS } from './part-limits.js'

it('PART_LIMITS holds the contract limits (§3), frozen', () => {
  expect(PART_LIMITS).toEqual({
    minPartSize: 5_242_880,
    maxPartSize: 5_368_709_120,
    maxParts: 10_000,
  })
  expect(Object.isFrozen(PART_LIMITS)).toBe(true)
})
