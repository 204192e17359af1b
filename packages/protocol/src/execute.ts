import { backoffDelay, parseRetryAfter, sleep } from './backoff.js'
import {
  isServiceError,
  JssIntegrityError,
  JssRequestError,
  JssServiceError,
  JssTransportError,
} from './errors.js'
import { linkSignal } from './link-signal.js'
import { type AttemptFacts, type ClientContext, type RequestSpec, sendOnce } from './send-once.js'
import { CONNECT_CODES } from './to-transport-error.js'

/** How a call is retried, beyond the client's settings. */
export interface ExecuteOptions<T> {
  signal?: AbortSignal | undefined
  /** `false`: one attempt only (operations that are not safe to repeat). @default true */
  retry?: boolean
  /**
   * After a failed attempt (not an abort): may turn the failure into a success, e.g. Complete's
   * HEAD check after a lost answer. `ambiguous` tells whether an earlier attempt may have taken effect.
   */
  recover?: (
    error: unknown,
    attempt: number,
    ambiguous: boolean,
  ) => Promise<{ value: T } | undefined>
  /** Set to true when an attempt failed without a response after the request may have been sent. */
  state?: { ambiguous: boolean }
}

/** Whether a failure is worth another attempt. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof JssServiceError) return error.retryable
  if (error instanceof JssTransportError) return error.retryable
  if (error instanceof JssIntegrityError) return error.retryable
  return false
}

function isSkew(error: unknown): error is JssServiceError {
  return isServiceError(error, 'RequestTimeTooSkewed')
}

function deadlineError(resource: string, ms: number): JssTransportError {
  return new JssTransportError(
    `${resource} did not succeed within the deadline of ${ms} ms (retry.deadline).`,
    'JSS_ERR_DEADLINE',
    { resource, retryable: false, ambiguous: true },
  )
}

function emit(
  ctx: ClientContext,
  spec: RequestSpec<unknown>,
  facts: AttemptFacts,
  attempt: number,
  started: number,
  error: unknown,
  clockCorrection?: { offset: number; applied: boolean },
): void {
  const hook = ctx.options.onRequest
  if (!hook) return
  try {
    hook({
      operation: spec.operation,
      method: spec.method,
      resource: spec.target.resource,
      status: facts.status,
      requestId: facts.requestId,
      attempt,
      duration: Date.now() - started,
      error,
      clockCorrection,
    })
  } catch {
    // a failing hook must not fail the request
  }
}

function finalError(error: unknown, attempts: number): unknown {
  if (error instanceof JssRequestError) error.attempts = attempts
  return error
}

/** One attempt under the call's deadline: rejects with a JSS_ERR_DEADLINE error when it passes. */
async function attemptWithDeadline<T>(
  ctx: ClientContext,
  spec: RequestSpec<T>,
  signal: AbortSignal | undefined,
  facts: AttemptFacts,
  remaining: number,
): Promise<T> {
  const controller = new AbortController()
  const timer = Number.isFinite(remaining)
    ? setTimeout(
        () => controller.abort(deadlineError(spec.target.resource, ctx.options.retry.deadline)),
        remaining,
      )
    : undefined
  const unlink = linkSignal(signal, controller)
  try {
    return await sendOnce(ctx, spec, controller.signal, facts)
  } finally {
    clearTimeout(timer)
    // A body handed to the caller still answers the caller's signal until it closes.
    if (facts.keptBody && !facts.keptBody.destroyed) facts.keptBody.once('close', unlink)
    else unlink()
  }
}

/** The progress of one call across its attempts. */
interface CallProgress {
  /** When the call started (local clock). */
  start: number
  /** The attempts allowed by the retry policy. */
  maxAttempts: number
  attempt: number
  /** 1 once the clock was corrected: that re-signed attempt does not count against the policy. */
  extraAttempts: number
  /** Whether some attempt got a response (so the endpoint is reachable). */
  sawResponse: boolean
  /** Whether some attempt failed after the request may have taken effect. */
  ambiguous: boolean
}

/** The clock correction a RequestTimeTooSkewed answer suggests (once per call), and whether it is believed. */
function skewCorrection(
  ctx: ClientContext,
  error: unknown,
  progress: CallProgress,
): { offset: number; applied: boolean } | undefined {
  if (!isSkew(error) || !ctx.options.correctClockSkew || progress.extraAttempts !== 0)
    return undefined
  if (!error.serverDate) return undefined
  const offset = error.serverDate.getTime() + 500 - Date.now()
  return { offset, applied: Math.abs(offset) <= ctx.options.maxClockCorrection }
}

/** Records what a failed attempt taught: whether a response came, whether it may have taken effect. */
function noteFailure(
  progress: CallProgress,
  facts: AttemptFacts,
  error: unknown,
  state: ExecuteOptions<unknown>['state'],
): void {
  if (facts.status !== undefined) progress.sawResponse = true
  if (error instanceof JssTransportError && error.ambiguous) {
    progress.ambiguous = true
    if (state) state.ambiguous = true
  }
}

/** Whether the failure says the endpoint was never reached (and no attempt of the call reached it). */
function isUnreachable(error: unknown, progress: CallProgress): boolean {
  return (
    error instanceof JssTransportError && CONNECT_CODES.has(error.code) && !progress.sawResponse
  )
}

/**
 * The wait before the next attempt, or undefined to give up: not retryable, attempts used up, the
 * deadline (or, for an unreachable endpoint, the connect deadline) would pass.
 */
function retryDelay(
  ctx: ClientContext,
  progress: CallProgress,
  error: unknown,
  facts: AttemptFacts,
): number | undefined {
  const { retry } = ctx.options
  const { attempt, extraAttempts } = progress
  if (!isRetryable(error) || attempt >= progress.maxAttempts + extraAttempts) return undefined
  const retryAfter =
    error instanceof JssServiceError ? parseRetryAfter(facts.retryAfter, Date.now()) : undefined
  const delay = backoffDelay(attempt - extraAttempts, retry, retryAfter)
  const elapsed = Date.now() + delay - progress.start
  if (elapsed >= retry.deadline) return undefined
  if (isUnreachable(error, progress) && elapsed >= retry.connectDeadline) return undefined
  return delay
}

/**
 * Runs a request with the client's retry policy: exponential backoff with full jitter, `Retry-After`
 * honoured, one immediate re-signed retry after learning the clock offset on RequestTimeTooSkewed
 * (at most `maxClockCorrection` away: a farther server Date is not believed),
 * a total deadline, a short give-up for unreachable endpoints, and never a retry after an abort.
 */
export async function execute<T>(
  ctx: ClientContext,
  spec: RequestSpec<T>,
  opts: ExecuteOptions<T> = {},
): Promise<T> {
  const { signal } = opts
  const progress: CallProgress = {
    start: Date.now(),
    maxAttempts: opts.retry === false ? 1 : ctx.options.retry.attempts,
    attempt: 0,
    extraAttempts: 0,
    sawResponse: false,
    ambiguous: false,
  }
  for (;;) {
    signal?.throwIfAborted()
    progress.attempt++
    const facts: AttemptFacts = { status: undefined, requestId: undefined }
    const started = Date.now()
    try {
      const remaining = ctx.options.retry.deadline - (started - progress.start)
      const value = await attemptWithDeadline(ctx, spec, signal, facts, remaining)
      emit(ctx, spec, facts, progress.attempt, started, undefined)
      return value
    } catch (error) {
      const correction = skewCorrection(ctx, error, progress)
      emit(ctx, spec, facts, progress.attempt, started, error, correction)
      if (signal?.aborted) throw signal.reason
      noteFailure(progress, facts, error, opts.state)
      if (correction?.applied) {
        ctx.clockOffset = correction.offset
        progress.extraAttempts = 1
        continue
      }
      const recovered = await opts.recover?.(error, progress.attempt, progress.ambiguous)
      if (recovered) return recovered.value
      const delay = retryDelay(ctx, progress, error, facts)
      if (delay === undefined) throw finalError(error, progress.attempt)
      await sleep(delay, signal)
    }
  }
}
