import { buildTarget } from './addressing.js'
import type { CallOptions } from './client-options.js'
import {
  isServiceError,
  JssIntegrityError,
  JssInvalidArgumentError,
  JssTransportError,
} from './errors.js'
import { execute } from './execute.js'
import { multipartEtag } from './multipart-etag.js'
import { unquoteEtag } from './object-headers.js'
import { headObject } from './object-operations.js'
import type { CompletedUpload, CompleteMultipartUploadParams, PartRef } from './operation-types.js'
import { readJson } from './read-json.js'
import type { ClientContext } from './send-once.js'
import {
  checkSignal,
  optionalInteger,
  requireBucket,
  requireInteger,
  requireKey,
  requireParams,
  requireString,
} from './validate.js'

function checkParts(parts: unknown): readonly PartRef[] {
  if (!Array.isArray(parts))
    throw new JssInvalidArgumentError('parts must be an array of { partNumber, etag }')
  parts.forEach((part: PartRef, i) => {
    requireInteger(part?.partNumber, `parts[${i}].partNumber`, 1)
    requireString(part.etag, `parts[${i}].etag`)
  })
  return parts
}

/** Whether the object now at the key is the one this Complete produced. */
async function isOurs(
  ctx: ClientContext,
  params: CompleteMultipartUploadParams,
  etag: string,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  try {
    const info = await headObject(ctx, { bucket: params.bucket, key: params.key }, { signal })
    return (
      info.etag === etag &&
      (params.expectedSize === undefined || info.contentLength === params.expectedSize)
    )
  } catch {
    if (signal?.aborted) throw signal.reason
    return false
  }
}

/**
 * `POST /key?uploadId=ID` with the part list. Retried; after a lost answer or a NoSuchUpload on a
 * retry, succeeds only if HEAD shows the expected multipart ETag (and `expectedSize`).
 */
export async function completeMultipartUpload(
  ctx: ClientContext,
  params: CompleteMultipartUploadParams,
  options: CallOptions = {},
): Promise<CompletedUpload> {
  requireParams(params, 'completeMultipartUpload')
  requireBucket(params.bucket)
  requireKey(params.key)
  requireString(params.uploadId, 'uploadId')
  const parts = checkParts(params.parts)
  optionalInteger(params.expectedSize, 'expectedSize', 0)
  checkSignal(options.signal)
  const etags = parts.map((part) => unquoteEtag(part.etag))
  const expected = multipartEtag(etags)
  const body = new TextEncoder().encode(
    JSON.stringify({
      Part: parts.map((part, i) => ({ PartNumber: part.partNumber, ETag: etags[i] })),
    }),
  )
  const target = buildTarget(ctx.options.endpoint, ctx.options.addressing, {
    bucket: params.bucket,
    key: params.key,
    query: { uploadId: params.uploadId },
  })
  const { signal } = options
  return execute(
    ctx,
    {
      operation: 'completeMultipartUpload',
      method: 'POST',
      target,
      body,
      parse: async (res) => {
        const json = await readJson(res)
        const etag = unquoteEtag(json.string('ETag'))
        if (etag !== expected) {
          throw new JssIntegrityError(
            `${target.resource} completed with ETag ${etag}, but its parts give ${expected}.`,
            {
              resource: target.resource,
              requestId: res.requestId,
              expected,
              actual: etag,
              retryable: false,
            },
          )
        }
        return {
          bucket: json.optionalString('Bucket') ?? params.bucket,
          key: json.optionalString('Key') ?? params.key,
          etag,
        }
      },
    },
    {
      signal,
      recover: async (error, attempt) => {
        const lost =
          error instanceof JssTransportError &&
          error.ambiguous &&
          error.code !== 'JSS_ERR_CLIENT_CLOSED'
        const gone = isServiceError(error, 'NoSuchUpload') && attempt > 1
        if (!lost && !gone) return undefined
        if (!(await isOurs(ctx, params, expected, signal))) return undefined
        return { value: { bucket: params.bucket, key: params.key, etag: expected } }
      },
    },
  )
}
