import { buildTarget, type QueryParams, type Target } from './addressing.js'
import type { CallOptions } from './client-options.js'
import type { Dialect } from './dialect.js'
import { type ExecuteOptions, execute } from './execute.js'
import type { JssResponse } from './response.js'
import type { ClientContext, RequestBody, RequestSpec } from './send-once.js'
import { checkSignal, requireBucket, requireKey, requireParams } from './validate.js'

/** The HTTP methods the operations use. */
export type OperationMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE'

/**
 * Where an operation goes, before addressing: the bucket (none for a service operation), the key
 * (object operations), the query.
 */
export interface OperationWhere {
  bucket?: string | undefined
  key?: string | undefined
  query?: QueryParams | undefined
}

/** What the hooks of a description learn about the call in progress. */
export interface OperationCall<P> {
  ctx: ClientContext
  params: P
  target: Target
  signal: AbortSignal | undefined
}

/** A call's recovery after an attempt failed: `value` turns the failure into a success. */
export type Recover<R> = NonNullable<ExecuteOptions<R>['recover']>

/**
 * One operation, as data: its wire details (method, target, headers, body, parsing) and its
 * recovery. `defineOperation` supplies the rest (validation order, signal check, execute, retries).
 */
export interface OperationDescription<P, R> {
  /** The operation's name, in messages and `onRequest` events. @example 'uploadPart' */
  name: string
  method: OperationMethod
  /**
   * `'object'`: the params name a bucket and a key (checked with `requireBucket` and `requireKey`);
   * `'bucket'`: a bucket only; `'service'`: neither (the request goes to the endpoint itself, and
   * the params may be left out).
   */
  scope: 'service' | 'bucket' | 'object'
  /** Checks the params beyond bucket and key (throws `JssInvalidArgumentError`). Runs before I/O. */
  validate?(params: P, dialect: Dialect): void
  /** The bucket, key and query of the request. */
  target(params: P): OperationWhere
  /**
   * Request headers (may validate too: they are computed before the signal check); the dialect
   * names the service's headers (`x-jss-*` or `x-amz-*`).
   */
  headers?(params: P, dialect: Dialect): Record<string, string>
  /** The request body. */
  body?(params: P, dialect: Dialect): RequestBody | undefined
  /** Turns a 2xx answer into the result (the body is dumped afterwards, unless `keepBody`). */
  parse(res: JssResponse, call: OperationCall<P>): Promise<R>
  /** The result holds the response body (getObject). @default false */
  keepBody?: boolean
  /** `false`: a single attempt (not safe to repeat). @default true */
  idempotent?: boolean
  /** May turn a failed attempt into a success (e.g. a deletion whose earlier answer was lost). */
  recover?(call: OperationCall<P>): Recover<R>
  /**
   * Runs when an attempt's answer was lost (the request may have taken effect), after the call
   * settles: `result` is the call's result, or undefined when it failed (then `signal` is undefined,
   * and the hook is skipped when the call was aborted). Failures here must be handled by the hook.
   */
  afterLostAnswer?(call: OperationCall<P>, result: R | undefined, startedAt: number): Promise<void>
  /**
   * The S3 dialect's wire details where they differ from the JSS ones above (e.g. ListObjectsV2's
   * query and page); everything not given here is shared.
   */
  s3?: Partial<
    Pick<OperationDescription<P, R>, 'validate' | 'target' | 'headers' | 'body' | 'parse'>
  >
}

/** An operation bound to nothing: the client passes its context. */
export type Operation<P, R> = (ctx: ClientContext, params: P, options?: CallOptions) => Promise<R>

/**
 * Checks what every operation checks, in this order: the params object (optional for a service
 * operation), bucket, key (as the scope asks), the rest.
 */
function validateParams<P>(
  description: OperationDescription<P, unknown>,
  params: P,
  dialect: Dialect,
): void {
  if (description.scope !== 'service' || params !== undefined) {
    requireParams(params, description.name)
  }
  const where = params as { bucket?: unknown; key?: unknown }
  if (description.scope !== 'service') requireBucket(where.bucket)
  if (description.scope === 'object') requireKey(where.key)
  description.validate?.(params, dialect)
}

/** Builds the request of one call (headers and body validated before the signal check). */
function prepareRequest<P, R>(
  description: OperationDescription<P, R>,
  ctx: ClientContext,
  params: P,
  signal: AbortSignal | undefined,
): { call: OperationCall<P>; headers: Record<string, string>; body: RequestBody | undefined } {
  const { dialect } = ctx.options
  const headers = description.headers?.(params, dialect) ?? {}
  const body = description.body?.(params, dialect)
  checkSignal(signal)
  const where = description.target(params)
  const target = buildTarget(ctx.options.endpoint, ctx.options.addressing, where)
  return { call: { ctx, params, target, signal }, headers, body }
}

/** The request `execute` sends for one call. */
function toRequestSpec<P, R>(
  description: OperationDescription<P, R>,
  call: OperationCall<P>,
  headers: Record<string, string>,
  body: RequestBody | undefined,
): RequestSpec<R> {
  const spec: RequestSpec<R> = {
    operation: description.name,
    method: description.method,
    target: call.target,
    headers,
    parse: (res) => description.parse(res, call),
  }
  if (body !== undefined) spec.body = body
  if (description.keepBody) spec.keepBody = true
  return spec
}

/** How `execute` retries and recovers one call; `state` learns whether an answer was lost. */
function toExecuteOptions<P, R>(
  description: OperationDescription<P, R>,
  call: OperationCall<P>,
  state: { ambiguous: boolean },
): ExecuteOptions<R> {
  const options: ExecuteOptions<R> = { signal: call.signal, state }
  if (description.idempotent === false) options.retry = false
  if (description.recover) options.recover = description.recover(call)
  return options
}

/** Runs one prepared call through `execute`, then the lost-answer hook when an answer was lost. */
async function runCall<P, R>(
  description: OperationDescription<P, R>,
  call: OperationCall<P>,
  headers: Record<string, string>,
  body: RequestBody | undefined,
): Promise<R> {
  const { afterLostAnswer } = description
  const state = { ambiguous: false }
  const startedAt = Date.now()
  const spec = toRequestSpec(description, call, headers, body)
  let result: R
  try {
    result = await execute(call.ctx, spec, toExecuteOptions(description, call, state))
  } catch (error) {
    if (state.ambiguous && !call.signal?.aborted && afterLostAnswer)
      await afterLostAnswer({ ...call, signal: undefined }, undefined, startedAt)
    throw error
  }
  if (state.ambiguous && afterLostAnswer) await afterLostAnswer(call, result, startedAt)
  return result
}

/**
 * Makes an operation from its description: the returned function validates the params (object,
 * bucket, key, then `validate`), computes headers and body, checks the signal, builds the target,
 * and runs the request with the client's retries and the description's recovery.
 * @example
 * export const deleteObject = defineOperation<ObjectRef, void>({
 *   name: 'deleteObject', method: 'DELETE', scope: 'object',
 *   target: ({ bucket, key }) => ({ bucket, key }),
 *   parse: async () => undefined,
 * })
 */
export function defineOperation<P, R>(description: OperationDescription<P, R>): Operation<P, R> {
  const s3: OperationDescription<P, R> = { ...description, ...description.s3 }
  return async (ctx, params, options = {}) => {
    const { dialect } = ctx.options
    const wire = dialect.name === 's3' ? s3 : description
    validateParams(wire, params, dialect)
    const { call, headers, body } = prepareRequest(wire, ctx, params, options.signal)
    return runCall(wire, call, headers, body)
  }
}
