import {
  FAULT_KINDS,
  type FaultSpec,
  parseFaultSpec,
  probabilityOf,
  ruleFor,
} from './fault-spec.js'
import type { Operation } from './operations.js'

/** A fault chosen for one request. */
export type Fault =
  | { readonly kind: '500' }
  | { readonly kind: '503'; readonly retryAfterSeconds: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'stall'; readonly ms: number }
  | { readonly kind: 'etag' }
  /** The answer's body is cut after this fraction (0 ≤ fraction < 1) of its bytes. */
  | { readonly kind: 'cut'; readonly fraction: number }

/** mulberry32: a small deterministic PRNG returning floats in [0, 1). */
function createRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function hashName(name: string): number {
  let h = 2166136261
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619)
  return h >>> 0
}

/**
 * Chooses faults deterministically: each operation draws from its own seeded stream, so the n-th
 * request of an operation gets the same fault for the same seed and spec, whatever other operations do.
 */
export class FaultInjector {
  #spec: FaultSpec
  #seed: number
  #streams = new Map<Operation, () => number>()

  constructor(spec: string | undefined, seed: number) {
    this.#spec = parseFaultSpec(spec)
    this.#seed = seed
  }

  /** Replaces the spec and restarts every random stream from the seed. */
  set(spec: string | undefined): void {
    this.#spec = parseFaultSpec(spec)
    this.#streams.clear()
  }

  /** Draws the fault for one request of `operation`, or `undefined`. */
  draw(operation: Operation): Fault | undefined {
    const rule = ruleFor(this.#spec, operation)
    if (!FAULT_KINDS.some((kind) => probabilityOf(rule, kind, operation) > 0)) return undefined
    let random = this.#streams.get(operation)
    if (!random) {
      random = createRandom(this.#seed ^ hashName(operation))
      this.#streams.set(operation, random)
    }
    const u = random()
    let edge = 0
    for (const kind of FAULT_KINDS) {
      edge += probabilityOf(rule, kind, operation)
      if (u < edge) {
        if (kind === '503') return { kind, retryAfterSeconds: rule.retryAfterSeconds ?? 1 }
        if (kind === 'stall') return { kind, ms: rule.stallMs ?? 1000 }
        // From the same stream, so that the cut point is as deterministic as the fault.
        if (kind === 'cut') return { kind, fraction: random() }
        return { kind }
      }
    }
    return undefined
  }
}
