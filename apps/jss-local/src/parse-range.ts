/** A satisfiable byte range, inclusive. */
export interface ByteRange {
  readonly start: number
  readonly end: number
}

/**
 * Parses a single `Range: bytes=a-b` (`a-`, `-n` too) against a size: a range, `'unsatisfiable'`, or
 * `undefined` when there is no usable single range (then the whole object is sent).
 * @example parseRange('bytes=0-9', 100) // { start: 0, end: 9 }
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header ?? '')
  if (!match || (match[1] === '' && match[2] === '')) return undefined
  const [, first = '', last = ''] = match
  if (first === '') {
    const suffix = Number(last)
    if (suffix === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(first)
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1)
  if (last !== '' && Number(last) < start) return undefined
  if (start >= size) return 'unsatisfiable'
  return { start, end }
}
