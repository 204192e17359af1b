import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidOptionError } from '../errors.js'
import { partSizeAt } from '../parts/part-schedule.js'
import { planRanges, splitRanges } from './plan-ranges.js'

const scheduleArb = fc.record({
  initialPartSize: fc.integer({ min: 1, max: 64 }),
  firstTierParts: fc.integer({ min: 1, max: 8 }),
  tierParts: fc.integer({ min: 1, max: 8 }),
  maxPartSize: fc.constant(256),
  maxParts: fc.constant(10_000),
})

describe('planRanges', () => {
  it('covers [0, size) exactly, in order, each range at most the part size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 700 }),
        fc.option(scheduleArb, { nil: undefined }),
        (size, partSize, schedule) => {
          const ranges = planRanges({ size, partSize, schedule })
          let at = 0
          ranges.forEach((range, i) => {
            expect(range.start).toBe(at)
            expect(range.end).toBeGreaterThanOrEqual(range.start)
            const limit = schedule ? partSizeAt(schedule, i + 1) : partSize
            expect(range.end - range.start).toBeLessThanOrEqual(limit)
            if (i < ranges.length - 1) expect(range.end - range.start).toBe(limit)
            at = range.end
          })
          expect(at).toBe(size)
          if (size > 0) expect(ranges.every((r) => r.end > r.start)).toBe(true)
        },
      ),
    )
  })

  it('cuts a span into ranges of the part size from its start, ignoring the schedule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 700 }),
        scheduleArb,
        (start, length, partSize, schedule) => {
          const span = { start, end: start + length }
          const ranges = planRanges({ size: 1e9, partSize, schedule, span })
          let at = start
          for (const range of ranges) {
            expect(range.start).toBe(at)
            expect(range.end - range.start).toBeLessThanOrEqual(partSize)
            at = range.end
          }
          expect(at).toBe(span.end)
          expect(ranges.length).toBe(Math.max(1, Math.ceil(length / partSize)))
        },
      ),
    )
  })

  it('splits ranges into pieces of at most the piece size that mark where each range begins and ends', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 700 }),
        scheduleArb,
        (size, pieceSize, schedule) => {
          const ranges = planRanges({ size, partSize: 1, schedule })
          const pieces = splitRanges(ranges, pieceSize)
          let at = 0
          let range = -1
          for (const piece of pieces) {
            expect(piece.start).toBe(at)
            expect(piece.end - piece.start).toBeLessThanOrEqual(pieceSize)
            if (piece.first) range += 1
            const owner = ranges[range]
            expect(owner).toBeDefined()
            expect(piece.first).toBe(piece.start === owner?.start)
            expect(piece.last).toBe(piece.end === owner?.end)
            at = piece.end
          }
          expect(at).toBe(size)
          expect(range).toBe(ranges.length - 1)
        },
      ),
    )
  })

  it('plans one empty range for an empty object', () => {
    expect(planRanges({ size: 0, partSize: 10 })).toEqual([{ start: 0, end: 0 }])
  })

  it('follows the schedule part sizes', () => {
    const schedule = {
      initialPartSize: 10,
      firstTierParts: 2,
      tierParts: 1,
      maxPartSize: 40,
      maxParts: 100,
    }
    expect(planRanges({ size: 75, partSize: 1, schedule })).toEqual([
      { start: 0, end: 10 },
      { start: 10, end: 20 },
      { start: 20, end: 40 },
      { start: 40, end: 75 },
    ])
  })

  it('rejects an object larger than the schedule carries', () => {
    const schedule = {
      initialPartSize: 10,
      firstTierParts: 1,
      tierParts: 1,
      maxPartSize: 10,
      maxParts: 2,
    }
    expect(() => planRanges({ size: 21, partSize: 1, schedule })).toThrow(InvalidOptionError)
  })
})
