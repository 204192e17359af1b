import type { Readable } from 'node:stream'
import { buildTarget } from './addressing.js'
import type { CallOptions } from './client-options.js'
import { JssInvalidArgumentError } from './errors.js'
import { execute } from './execute.js'
import { objectInfo, requireEtag, settingsHeaders } from './object-headers.js'
import type {
  GetObjectParams,
  GetObjectResult,
  ObjectInfo,
  ObjectRef,
  PutObjectParams,
} from './operation-types.js'
import { goneAfterLostAnswer } from './recover-idempotent.js'
import type { ClientContext } from './send-once.js'
import { checkEtag } from './upload-part.js'
import {
  checkSignal,
  normalizeMd5,
  requireBody,
  requireBucket,
  requireKey,
  requireParams,
} from './validate.js'

function checkRef(params: ObjectRef, operation: string, signal: unknown): void {
  requireParams(params, operation)
  requireBucket(params.bucket)
  requireKey(params.key)
  checkSignal(signal)
}

function objectTarget(ctx: ClientContext, params: ObjectRef): ReturnType<typeof buildTarget> {
  return buildTarget(ctx.options.endpoint, ctx.options.addressing, {
    bucket: params.bucket,
    key: params.key,
  })
}

/** `PUT /key`: stores a whole object (at most 5 GiB); returns its ETag. */
export async function putObject(
  ctx: ClientContext,
  params: PutObjectParams,
  options: CallOptions = {},
): Promise<{ etag: string }> {
  requireParams(params, 'putObject')
  requireBody(params.body, 'body')
  const md5 = normalizeMd5(params.contentMd5, 'contentMd5')
  const headers = settingsHeaders(params)
  checkRef(params, 'putObject', options.signal)
  if (md5 !== undefined) headers['content-md5'] = md5
  const target = objectTarget(ctx, params)
  const etag = await execute(
    ctx,
    {
      operation: 'putObject',
      method: 'PUT',
      target,
      headers,
      body: params.body,
      parse: async (res) => checkEtag(requireEtag(res), md5, target.resource, res.requestId),
    },
    { signal: options.signal },
  )
  return { etag }
}

/** `HEAD /key`: the object's size, ETag, type, date, storage class and metadata. */
export async function headObject(
  ctx: ClientContext,
  params: ObjectRef,
  options: CallOptions = {},
): Promise<ObjectInfo> {
  checkRef(params, 'headObject', options.signal)
  return execute(
    ctx,
    {
      operation: 'headObject',
      method: 'HEAD',
      target: objectTarget(ctx, params),
      parse: async (res) => objectInfo(res),
    },
    { signal: options.signal },
  )
}

/** `GET /key` (optionally ranged): the object's facts and its body as a stream. */
export async function getObject(
  ctx: ClientContext,
  params: GetObjectParams,
  options: CallOptions = {},
): Promise<GetObjectResult> {
  checkRef(params, 'getObject', options.signal)
  const headers: Record<string, string> = {}
  if (params.range !== undefined) {
    const { start, end } = params.range
    if (
      !Number.isSafeInteger(start) ||
      start < 0 ||
      (end !== undefined && (!Number.isSafeInteger(end) || end < start))
    ) {
      throw new JssInvalidArgumentError('range must be { start ≥ 0, end ≥ start? } in whole bytes')
    }
    headers.range = `bytes=${start}-${end ?? ''}`
  }
  return execute(
    ctx,
    {
      operation: 'getObject',
      method: 'GET',
      target: objectTarget(ctx, params),
      headers,
      keepBody: true,
      parse: async (res) => ({
        ...objectInfo(res),
        body: res.body as Readable,
        contentRange: res.headers['content-range'],
      }),
    },
    { signal: options.signal },
  )
}

/** `DELETE /key`. A missing key is NoSuchKey, except after a lost answer to an earlier attempt. */
export async function deleteObject(
  ctx: ClientContext,
  params: ObjectRef,
  options: CallOptions = {},
): Promise<void> {
  checkRef(params, 'deleteObject', options.signal)
  await execute(
    ctx,
    {
      operation: 'deleteObject',
      method: 'DELETE',
      target: objectTarget(ctx, params),
      parse: async () => undefined,
    },
    { signal: options.signal, recover: goneAfterLostAnswer('NoSuchKey') },
  )
}
