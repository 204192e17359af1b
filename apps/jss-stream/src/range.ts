import { UsageError } from './errors.js'

/** A byte range, both ends inclusive; no end means to the end of the object. */
export interface ByteRange {
  start: number
  end?: number
}

/** Parses `--range A-B` (inclusive) or `A-` (to the end). */
export function parseRange(text: string): ByteRange {
  const match = /^(\d+)-(\d*)$/.exec(text.trim())
  const start = Number(match?.[1])
  const end = match?.[2] ? Number(match[2]) : undefined
  if (!match || !Number.isSafeInteger(start) || (end !== undefined && !(end >= start))) {
    throw new UsageError(`invalid --range "${text}": use A-B (bytes A to B inclusive) or A-`)
  }
  return end === undefined ? { start } : { start, end }
}
