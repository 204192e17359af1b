import { backoffDelay, parseRetryAfter, sleep } from './backoff.js'
import {
  isServiceError,
  JssError,
  JssIntegrityError,
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
  if (error instanceof JssError) error.attempts = attempts
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
  const { retry } = ctx.options
  const { signal } = opts
  const maxAttempts = opts.retry === false ? 1 : retry.attempts
  const start = Date.now()
  let attempt = 0
  let extraAttempts = 0
  let sawResponse = false
  let ambiguous = false
  for (;;) {
    signal?.throwIfAborted()
    attempt++
    const facts: AttemptFacts = { status: undefined, requestId: undefined }
    const started = Date.now()
    try {
      const remaining = retry.deadline - (started - start)
      const value = await attemptWithDeadline(ctx, spec, signal, facts, remaining)
      emit(ctx, spec, facts, attempt, started, undefined)
      return value
    } catch (error) {
      const offset =
        isSkew(error) && ctx.options.correctClockSkew && extraAttempts === 0 && error.serverDate
          ? error.serverDate.getTime() + 500 - Date.now()
          : undefined
      const believed = offset !== undefined && Math.abs(offset) <= ctx.options.maxClockCorrection
      emit(
        ctx,
        spec,
        facts,
        attempt,
        started,
        error,
        offset === undefined ? undefined : { offset, applied: believed },
      )
      if (signal?.aborted) throw signal.reason
      if (facts.status !== undefined) sawResponse = true
      if (error instanceof JssTransportError && error.ambiguous) {
        ambiguous = true
        if (opts.state) opts.state.ambiguous = true
      }
      if (offset !== undefined && believed) {
        ctx.clockOffset = offset
        extraAttempts = 1
        continue
      }
      const recovered = opts.recover ? await opts.recover(error, attempt, ambiguous) : undefined
      if (recovered) return recovered.value
      if (!isRetryable(error) || attempt >= maxAttempts + extraAttempts)
        throw finalError(error, attempt)
      const retryAfter =
        error instanceof JssServiceError ? parseRetryAfter(facts.retryAfter, Date.now()) : undefined
      const delay = backoffDelay(attempt - extraAttempts, retry, retryAfter)
      const elapsed = Date.now() + delay - start
      if (elapsed >= retry.deadline) throw finalError(error, attempt)
      const unreachable =
        error instanceof JssTransportError && CONNECT_CODES.has(error.code) && !sawResponse
      if (unreachable && elapsed >= retry.connectDeadline) throw finalError(error, attempt)
      await sleep(delay, signal)
    }
  }
}
