import { UsageError } from './errors.js'

/** A byte range, both ends inclusive; no end means to the end of the object. */
export interface ByteRange {
  start: number
  end?: number
}

/** The last `suffix` bytes of an object (`--range=-N`), resolved to a {@link ByteRange} once the size is known. */
export interface SuffixRange {
  suffix: number
}

/** What `--range` asks for. */
export type RangeRequest = ByteRange | SuffixRange

/** Whether `range` is a suffix range (`-N`). */
export function isSuffixRange(range: RangeRequest): range is SuffixRange {
  return 'suffix' in range
}

/** Parses `--range A-B` (inclusive), `A-` (to the end) or `-N` (the last N bytes, N ≥ 1). */
export function parseRange(text: string): RangeRequest {
  const suffix = /^-(\d+)$/.exec(text.trim())
  if (suffix) {
    const count = Number(suffix[1])
    if (!Number.isSafeInteger(count) || count < 1) throw invalidRange(text)
    return { suffix: count }
  }
  const match = /^(\d+)-(\d*)$/.exec(text.trim())
  const start = Number(match?.[1])
  const end = match?.[2] ? Number(match[2]) : undefined
  if (!match || !Number.isSafeInteger(start) || (end !== undefined && !(end >= start))) {
    throw invalidRange(text)
  }
  return end === undefined ? { start } : { start, end }
}

/** The usage error of a malformed `--range`. */
function invalidRange(text: string): UsageError {
  return new UsageError(
    `invalid --range "${text}": use A-B (bytes A to B inclusive), A- (from A to the end) or -N (the last N bytes)`,
  )
}

/** The byte range of the last `suffix` bytes of an object of `size` bytes; undefined when it is empty. */
export function resolveSuffixRange(range: SuffixRange, size: number): ByteRange | undefined {
  if (size === 0) return undefined
  return { start: Math.max(0, size - range.suffix), end: size - 1 }
}
