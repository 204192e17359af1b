import { InvalidOptionError } from '../errors.js'
import type { PartSchedule } from '../parts/parse-part-schedule.js'
import { partSizeAt } from '../parts/part-schedule.js'

/** Bytes `start` (inclusive) to `end` (exclusive) of an object: one ranged GET. */
export interface ByteRange {
  readonly start: number
  readonly end: number
}

/** Options of {@link planRanges}: the object's size and either a part schedule or a fixed size. */
export interface PlanRangesOptions {
  readonly size: number
  /** The upload's recorded schedule: the ranges are then exactly its parts. */
  readonly schedule?: PartSchedule | undefined
  /** The size of every range but the last (ignored with `schedule`). */
  readonly partSize: number
  /** Only these bytes, in ranges of `partSize` from `span.start` (the schedule is not used). */
  readonly span?: ByteRange | undefined
}

/**
 * Cuts `[0, size)` (or `span`) into consecutive ranges: along `schedule` (the part sizes of
 * `partSizeAt`, so the ranges are the upload's parts), or of `partSize` bytes. An empty object is one empty range.
 * Throws an {@link InvalidOptionError} when `size` does not fit in the schedule's `maxParts` parts.
 */
export function planRanges({ size, schedule, partSize, span }: PlanRangesOptions): ByteRange[] {
  if (span !== undefined) return cutSpan(span, partSize)
  if (size === 0) return [{ start: 0, end: 0 }]
  const ranges: ByteRange[] = []
  let start = 0
  for (let partNumber = 1; start < size; partNumber++) {
    if (schedule && partNumber > schedule.maxParts) {
      throw new InvalidOptionError(
        `an object of ${size} bytes does not fit in the schedule's ${schedule.maxParts} parts`,
      )
    }
    const length = schedule ? partSizeAt(schedule, partNumber) : partSize
    const end = Math.min(size, start + length)
    ranges.push({ start, end })
    start = end
  }
  return ranges
}

/** `span` in consecutive ranges of `partSize` bytes (the last shorter); an empty span is one range. */
function cutSpan(span: ByteRange, partSize: number): ByteRange[] {
  if (span.end <= span.start) return [{ start: span.start, end: span.start }]
  const ranges: ByteRange[] = []
  for (let start = span.start; start < span.end; start += partSize) {
    ranges.push({ start, end: Math.min(span.end, start + partSize) })
  }
  return ranges
}

/** A range of at most the piece size, within a part: one ranged GET. */
export interface Piece extends ByteRange {
  /** The part's first piece. */
  readonly first: boolean
  /** The part's last piece. */
  readonly last: boolean
}

/**
 * `ranges` cut into pieces of at most `pieceSize` bytes, in order, each knowing whether it begins
 * or ends its range: a part larger than the piece size is read in several GETs, so memory stays
 * (concurrency + 1) pieces whatever the part sizes.
 */
export function splitRanges(ranges: readonly ByteRange[], pieceSize: number): Piece[] {
  const pieces: Piece[] = []
  for (const { start, end } of ranges) {
    if (end <= start) {
      pieces.push({ start, end, first: true, last: true })
      continue
    }
    for (let at = start; at < end; at += pieceSize) {
      const stop = Math.min(end, at + pieceSize)
      pieces.push({ start: at, end: stop, first: at === start, last: stop === end })
    }
  }
  return pieces
}
