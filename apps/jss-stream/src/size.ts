import { UsageError } from './errors.js'

const units: Record<string, number> = {
  '': 1,
  b: 1,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
}
const unitNames = ['', 'KiB', 'MiB', 'GiB', 'TiB'] as const
const pattern = /^(\d+(?:\.\d+)?)\s*(?:([kmgt])(?:i?b)?|(b))?$/i

/**
 * Parses a byte size: a whole number of bytes or a number with a binary unit. `K`, `KB` and `KiB`
 * all mean 1024 (and so on for M, G, T), case-insensitive.
 * @example parseSize('5MiB') // 5242880
 * @example parseSize('8M') // 8388608
 */
export function parseSize(text: string, name = 'size'): number {
  const match = pattern.exec(text.trim())
  if (!match) {
    throw new UsageError(`invalid ${name} "${text}": use bytes or a unit, e.g. 8MiB, 512K, 1GiB`)
  }
  const multiplier = units[(match[2] ?? match[3] ?? '').toLowerCase()] ?? 1
  const [whole = '0', fraction = ''] = (match[1] ?? '0').split('.')
  // Exact arithmetic: value = (whole + fraction) * multiplier, using BigInt to avoid rounding.
  const scale = 10n ** BigInt(fraction.length)
  const numerator = (BigInt(whole) * scale + BigInt(fraction || '0')) * BigInt(multiplier)
  if (numerator % scale !== 0n) {
    throw new UsageError(`invalid ${name} "${text}": not a whole number of bytes`)
  }
  const bytes = numerator / scale
  if (bytes > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new UsageError(`invalid ${name} "${text}": too large`)
  }
  return Number(bytes)
}

/**
 * Formats a byte count exactly, with the largest binary unit that divides it (`5MiB`, `1536KiB`,
 * `1000`), so that `parseSize(formatSize(n)) === n`.
 */
export function formatSize(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value !== 0 && value % 1024 === 0 && unit < unitNames.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value}${unitNames[unit]}`
}

/** Formats a byte count for people, one decimal: `0 B`, `999 B`, `1.5 KiB`, `12.0 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < unitNames.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value.toFixed(1)} ${unitNames[unit]}`
}
