import { UsageError } from './errors.js'

const seconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 }

/**
 * Parses a duration into whole seconds: plain seconds (`60`) or units s, m, h, d, combinable
 * (`15m`, `1h`, `1h30m`, `7d`).
 * @example parseDuration('15m') // 900
 */
export function parseDuration(text: string, name = 'duration'): number {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  if (!/^(\d+[smhd])+$/i.test(trimmed)) {
    throw new UsageError(
      `invalid ${name} "${text}": use seconds or a duration, e.g. 60, 15m, 1h, 7d`,
    )
  }
  let total = 0
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([smhd])/gi)) {
    total += Number(amount) * (seconds[(unit ?? 's').toLowerCase()] ?? 1)
  }
  return total
}

/** Formats seconds as `h:mm:ss` or `m:ss` for the progress line. */
export function formatElapsed(totalSeconds: number): string {
  const s = Math.floor(totalSeconds)
  const hours = Math.floor(s / 3600)
  const minutes = Math.floor((s % 3600) / 60)
  const rest = String(s % 60).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`
}
