import { JssLocalOptionError } from './errors.js'

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1000 ** 4,
  tib: 1024 ** 4,
}

/**
 * Parses a byte size such as `5MiB`, `5242880`, `1.5GiB`, `10kb` (k/m/g alone are binary).
 * @example parseSize('5MiB') // 5242880
 */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text)
  const unit = UNITS[(match?.[2] ?? '').toLowerCase()]
  if (!match || unit === undefined) throw new JssLocalOptionError(`invalid size: ${text}`)
  const value = Math.round(Number(match[1]) * unit)
  if (!Number.isSafeInteger(value)) throw new JssLocalOptionError(`size out of range: ${text}`)
  return value
}

/** The binary units `formatSize` writes, largest first. */
const BINARY_UNITS: readonly (readonly [string, number])[] = [
  ['TiB', 1024 ** 4],
  ['GiB', 1024 ** 3],
  ['MiB', 1024 ** 2],
  ['KiB', 1024],
]

/**
 * Writes a byte size as `parseSize` reads it: in the largest binary unit that divides it exactly.
 * @example formatSize(5 * 1024 ** 2) // '5MiB'
 */
export function formatSize(bytes: number): string {
  const unit = BINARY_UNITS.find(([, size]) => bytes !== 0 && bytes % size === 0)
  return unit ? `${bytes / unit[1]}${unit[0]}` : `${bytes}`
}

/**
 * Parses a duration such as `2s`, `500ms`, `1.5s`, `1m` (a bare number is seconds), in milliseconds.
 * @example parseDuration('2s') // 2000
 */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(text)
  if (!match) throw new JssLocalOptionError(`invalid duration: ${text}`)
  const unit = (match[2] ?? 's').toLowerCase()
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000
  return Math.round(Number(match[1]) * factor)
}
