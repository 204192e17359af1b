import type { CommandRun } from './cli-io.js'
import { UsageError } from './errors.js'
import { parseRange, type RangeRequest } from './range.js'
import { parseObjectTarget, type Target } from './target.js'
import { parsePositiveInteger } from './validate.js'

/** Ranged GETs in flight by default (`--concurrency`). */
export const defaultGetConcurrency = 4

/** What `get` was asked to do. */
export interface GetPlan {
  target: Target
  range: RangeRequest | undefined
  /** `-o FILE`; undefined for standard output. */
  output: string | undefined
  /** `-o -`: standard output, even when it is a terminal. */
  stdoutAsked: boolean
  json: boolean
  sha256: boolean
  /** `--concurrency`: ranged GETs in flight. */
  concurrency: number
  /** `--no-verify` (false): skip the MD5 check. */
  verify: boolean
  /** `--progress` (true), `--no-progress` (false), or neither. */
  progress: boolean | undefined
  quiet: boolean
  verbose: boolean
}

/** Reads the command line of `get`. */
export function planGet(run: CommandRun): GetPlan {
  const { values } = run
  const target = parseObjectTarget(run.positionals[0] ?? '')
  const output = typeof values.output === 'string' ? values.output : undefined
  if (output === '') throw new UsageError('empty -o; use -o FILE, or -o - for standard output')
  return {
    target,
    range: typeof values.range === 'string' ? parseRange(values.range) : undefined,
    output: output === '-' ? undefined : output,
    stdoutAsked: output === '-',
    json: values.json === true,
    sha256: values.sha256 === true,
    concurrency:
      typeof values.concurrency === 'string'
        ? parsePositiveInteger(values.concurrency, '--concurrency')
        : defaultGetConcurrency,
    verify: values.verify !== false,
    progress: typeof values.progress === 'boolean' ? values.progress : undefined,
    quiet: values.quiet === true,
    verbose: values.verbose === true,
  }
}
