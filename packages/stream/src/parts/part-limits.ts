import { PART_LIMITS, type PartLimits } from '@jss/protocol'
import { InvalidOptionError } from '../errors.js'

export type { PartLimits }

/** The JSS contract's limits (`PART_LIMITS` of `@jss/protocol`): 5 MiB, 5 GiB, 10,000 parts. */
export const DEFAULT_LIMITS: Readonly<PartLimits> = PART_LIMITS

/** The contract defaults with the given overrides, validated. */
export function resolveLimits(limits: Partial<PartLimits> | undefined): PartLimits {
  const resolved: PartLimits = { ...DEFAULT_LIMITS, ...limits }
  for (const name of ['minPartSize', 'maxPartSize', 'maxParts'] as const) {
    const value = resolved[name]
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new InvalidOptionError(`limits.${name} must be a positive integer, got ${value}`)
    }
  }
  if (resolved.minPartSize > resolved.maxPartSize) {
    throw new InvalidOptionError('limits.minPartSize is larger than limits.maxPartSize')
  }
  return resolved
}
