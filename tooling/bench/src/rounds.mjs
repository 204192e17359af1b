// Alternating rounds A B C … A B C …: every contender once per round, in order. A contender that fails
// is reported, loudly, and left out of the later rounds; the others go on.
import { mbPerSecond, median, summarize } from './stats.mjs'

/**
 * Runs `runs` rounds of `contenders` (each `{ name, label?, run(round) → Promise<seconds>,
 * after?(round) }`; `after` is untimed clean-up). Returns `{ times, failures }`, one entry per
 * contender: its seconds per round so far, and the error message that stopped it (or undefined).
 */
export async function alternateRounds({ contenders, runs, log }) {
  const times = contenders.map(() => [])
  const failures = contenders.map(() => undefined)
  for (let round = 0; round < runs; round++) {
    for (const [index, contender] of contenders.entries()) {
      if (failures[index] !== undefined) continue
      const label = `${contender.label ?? 'round'} ${round + 1}/${runs} ${contender.name}`
      try {
        const seconds = await contender.run(round)
        times[index].push(seconds)
        log(`  ${label}: ${seconds.toFixed(2)} s`)
      } catch (error) {
        // A failed pipeline's `reason` is its exit status and stderr, without the command line.
        failures[index] = error.reason ?? error.message
        log(`  ${label}: FAILED, left out of the later rounds: ${error.message}`)
      }
      await contender.after?.(round)
    }
  }
  return { times, failures }
}

/** A report row of `bytes` moved in `times` seconds: `{ name, seconds, mbps }`, plus `failure`. */
export function throughputRow(name, bytes, times, failure) {
  const row = { name, failure }
  if (times.length === 0) return row
  const seconds = summarize(times)
  return {
    ...row,
    seconds,
    mbps: {
      median: mbPerSecond(bytes, seconds.median),
      min: mbPerSecond(bytes, seconds.max),
      max: mbPerSecond(bytes, seconds.min),
    },
  }
}

/**
 * `{ median, min, max }` of `numerator[round] / denominator[round]` over the rounds both have, or
 * undefined when they have none in common.
 */
function perRoundRatio(numerator, denominator) {
  const rounds = Math.min(numerator.length, denominator.length)
  if (rounds === 0) return undefined
  const ratios = numerator.slice(0, rounds).map((value, round) => value / denominator[round])
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) }
}

/**
 * The per-round ratio of contender `numerator`'s times over `denominator`'s from `alternateRounds`'
 * result; undefined when either failed (its rounds would be partial).
 */
export function contenderRatio({ times, failures }, numerator, denominator) {
  if (failures[numerator] !== undefined || failures[denominator] !== undefined) return undefined
  return perRoundRatio(times[numerator], times[denominator])
}
