import { JssLocalOptionError } from './errors.js'
import { OPERATIONS, type Operation, resolveOperation } from './operations.js'
import { parseDuration } from './parse-size.js'

/** The kinds of fault, in the order their probability intervals are laid out. */
export const FAULT_KINDS = ['500', '503', 'reset', 'stall', 'etag', 'cut'] as const

/** One kind of fault. */
export type FaultKind = (typeof FAULT_KINDS)[number]

/** The fault probabilities that apply to one operation. */
export interface FaultRule {
  /** Probability of 500 InternalError. */
  '500'?: number
  /** Probability of 503 SlowDown. */
  '503'?: number
  /** Probability of a connection reset part-way through reading the body. */
  reset?: number
  /** Probability of a stall before answering. */
  stall?: number
  /** Probability of a wrong ETag in the answer. */
  etag?: number
  /** Probability of a connection dropped part-way through the answer's body (getObject only). */
  cut?: number
  /** `Retry-After` seconds sent with 503. @default 1 */
  retryAfterSeconds?: number
  /** Stall length in milliseconds. @default 1000 */
  stallMs?: number
}

/** A parsed fault spec: a rule for every operation (`*`) and per-operation rules. */
export interface FaultSpec {
  readonly all: FaultRule
  readonly operations: Partial<Record<Operation, FaultRule>>
}

function parseProbability(text: string, where: string): number {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new JssLocalOptionError(`invalid probability "${text}" in fault rule "${where}"`)
  }
  return value
}

function parseRule(group: string, body: string): FaultRule {
  const rule: FaultRule = {}
  for (const item of body.split(',')) {
    const [kind, value = ''] = item.split('=', 2).map((s) => s.trim()) as [string, string?]
    if (!item.includes('=')) throw new JssLocalOptionError(`fault rule "${item}" needs kind=value`)
    if (kind === '500' || kind === 'reset' || kind === 'etag' || kind === 'cut') {
      rule[kind] = parseProbability(value, item)
    } else if (kind === '503' || kind === 'stall') {
      const at = value.indexOf('@')
      const probability = parseProbability(at < 0 ? value : value.slice(at + 1), item)
      rule[kind] = probability
      if (at >= 0) {
        const ms = parseDuration(value.slice(0, at))
        if (kind === '503') rule.retryAfterSeconds = Math.round(ms / 1000)
        else rule.stallMs = ms
      }
    } else {
      throw new JssLocalOptionError(
        `unknown fault kind "${kind}" in "${group}" (one of ${FAULT_KINDS.join(', ')})`,
      )
    }
  }
  return rule
}

/** Whether a kind of fault can happen to an operation: `cut` cuts an object body, so getObject only. */
export function faultApplies(kind: FaultKind, operation: Operation): boolean {
  return kind !== 'cut' || operation === 'getObject'
}

/** The probability of `kind` for `operation` under `rule` (0 when the kind does not apply). */
export function probabilityOf(rule: FaultRule, kind: FaultKind, operation: Operation): number {
  return faultApplies(kind, operation) ? (rule[kind] ?? 0) : 0
}

/** Sum of the probabilities of a rule for one operation. */
function total(rule: FaultRule, operation: Operation): number {
  return FAULT_KINDS.reduce((sum, kind) => sum + probabilityOf(rule, kind, operation), 0)
}

/**
 * Parses the `--faults` syntax: groups separated by `;`, each `SCOPE:KIND=VALUE,…` where SCOPE is `*`
 * or operation names joined by `|`, and KIND is `500`, `503` (`503=P` or `503=2s@P` for
 * `Retry-After: 2`), `reset`, `stall` (`stall=2s@P`), `etag` or `cut` (getObject only; in a `*`
 * group it applies to getObject alone). An operation with a group of its own uses only that group;
 * every other operation uses the `*` group. Empty or `none` means no faults.
 * @example parseFaultSpec('uploadPart:500=0.1,503=0.1,reset=0.05,stall=2s@0.05,etag=0.05;*:500=0.01')
 */
export function parseFaultSpec(text: string | undefined): FaultSpec {
  const spec: { all: FaultRule; operations: Partial<Record<Operation, FaultRule>> } = {
    all: {},
    operations: {},
  }
  const trimmed = (text ?? '').trim()
  if (trimmed === '' || trimmed === 'none') return spec
  for (const raw of trimmed.split(';')) {
    const group = raw.trim()
    if (group === '') continue
    const colon = group.indexOf(':')
    if (colon < 0) throw new JssLocalOptionError(`fault group "${group}" needs SCOPE:RULES`)
    const rule = parseRule(group, group.slice(colon + 1))
    for (const name of group
      .slice(0, colon)
      .split('|')
      .map((s) => s.trim())) {
      if (name === '*') {
        spec.all = { ...spec.all, ...rule }
        continue
      }
      const operation = resolveOperation(name)
      if (!operation) {
        throw new JssLocalOptionError(
          `unknown operation "${name}" in faults (one of *, ${OPERATIONS.join(', ')})`,
        )
      }
      if (rule.cut !== undefined && !faultApplies('cut', operation)) {
        throw new JssLocalOptionError(`fault kind "cut" applies to getObject only, not ${name}`)
      }
      spec.operations[operation] = { ...spec.operations[operation], ...rule }
    }
  }
  for (const operation of OPERATIONS) {
    if (total(ruleFor(spec, operation), operation) > 1 + 1e-9) {
      throw new JssLocalOptionError(`fault probabilities for ${operation} add up to more than 1`)
    }
  }
  return spec
}

/** The effective rule of one operation: its own rule when it has one, else the `*` rule. */
export function ruleFor(spec: FaultSpec, operation: Operation): FaultRule {
  return spec.operations[operation] ?? spec.all
}
