import type { LeftBehind } from './cli-io.js'

/**
 * After the first SIGINT or SIGTERM, the time during which further signals are noted and ignored
 * while the command cleans up. Wrappers send a second signal of their own right after the first:
 * `pnpm exec` forwards a SIGTERM ~10 ms after the terminal's SIGINT, `timeout` signals the command
 * and then its own process group; `docker stop` and systemd escalate only after seconds.
 */
export const signalGraceMs = 3000

/** How long a signal after the grace period waits for the server to say what is left behind. */
export const leftBehindCheckMs = 1500

/**
 * The message of a signal after the grace period, which exits at once: each thing left behind that
 * the server confirmed (or that cannot be checked) as `left behind`, each that could not be checked
 * in time as `may have been left behind`, each that is gone not at all.
 */
export async function describeLeftBehind(
  entries: readonly LeftBehind[],
  timeoutMs: number = leftBehindCheckMs,
): Promise<string> {
  const signal = AbortSignal.timeout(timeoutMs)
  const states = await Promise.all(
    entries.map(async (entry): Promise<'left' | 'gone' | 'unknown'> => {
      if (entry.check === undefined) return 'left'
      try {
        return (await entry.check(signal)) ? 'left' : 'gone'
      } catch {
        return 'unknown'
      }
    }),
  )
  const left = entries.filter((_, i) => states[i] === 'left').map((e) => e.text)
  const maybe = entries.filter((_, i) => states[i] === 'unknown').map((e) => e.text)
  const parts = [
    ...(left.length === 0 ? [] : [`left behind:\n  ${left.join('\n  ')}`]),
    ...(maybe.length === 0
      ? []
      : [`may have been left behind (not confirmed in time):\n  ${maybe.join('\n  ')}`]),
  ]
  return parts.length === 0 ? 'nothing left behind' : parts.join('\n')
}
