import { defineOperation, type Operation, type OperationCall } from './define-operation.js'
import {
  isServiceError,
  JssIntegrityError,
  JssInvalidArgumentError,
  JssTransportError,
} from './errors.js'
import { unquoteEtag } from './object-headers.js'
import { headObject } from './object-operations.js'
import type { CompletedUpload, CompleteMultipartUploadParams, PartRef } from './operation-types.js'
import type { JssResponse } from './response.js'
import { buildXml } from './s3-xml.js'
import type { ClientContext } from './send-once.js'
import { optionalInteger, requireInteger, requireString } from './validate.js'

/** Throws unless `parts` is an array of `{ partNumber, etag }`. */
function checkParts(parts: unknown): readonly PartRef[] {
  if (!Array.isArray(parts))
    throw new JssInvalidArgumentError('parts must be an array of { partNumber, etag }')
  parts.forEach((part: PartRef, i) => {
    requireInteger(part?.partNumber, `parts[${i}].partNumber`, 1)
    requireString(part.etag, `parts[${i}].etag`)
  })
  return parts
}

/** The ETag the completed object must have: the dialect's multipart ETag of the parts' ETags. */
function expectedEtag(ctx: ClientContext, params: CompleteMultipartUploadParams): string {
  return ctx.options.dialect.multipartEtag(params.parts.map((part) => unquoteEtag(part.etag)))
}

/** The JSON part list Complete sends. */
function partListBody(params: CompleteMultipartUploadParams): Uint8Array {
  const Part = params.parts.map((part) => ({
    PartNumber: part.partNumber,
    ETag: unquoteEtag(part.etag),
  }))
  return new TextEncoder().encode(JSON.stringify({ Part }))
}

/** The XML part list S3's CompleteMultipartUpload takes (ETags quoted, as S3 gives them). */
export function completeMultipartUploadXml(parts: readonly PartRef[]): string {
  const Part = parts.map((part) => ({
    PartNumber: part.partNumber,
    ETag: `"${unquoteEtag(part.etag)}"`,
  }))
  return buildXml('CompleteMultipartUpload', { Part })
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

/** Reads Complete's answer; an ETag other than the parts' multipart ETag is an integrity error. */
async function parseCompleted(
  res: JssResponse,
  { ctx, params, target }: OperationCall<CompleteMultipartUploadParams>,
): Promise<CompletedUpload> {
  // S3 may answer 200 and then an <Error> document: readFields throws it as a JssServiceError
  const json = await ctx.options.dialect.readFields(res, { root: 'CompleteMultipartUploadResult' })
  const etag = unquoteEtag(json.string('ETag'))
  const expected = expectedEtag(ctx, params)
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
}

/**
 * After a lost answer (not a closed client), or a NoSuchUpload on a retry: the call succeeds when
 * HEAD shows the expected ETag (and `expectedSize`).
 */
function recoverCompleted({ ctx, params, signal }: OperationCall<CompleteMultipartUploadParams>) {
  const expected = expectedEtag(ctx, params)
  return async (
    error: unknown,
    attempt: number,
  ): Promise<{ value: CompletedUpload } | undefined> => {
    const lost =
      error instanceof JssTransportError &&
      error.ambiguous &&
      error.code !== 'JSS_ERR_CLIENT_CLOSED'
    const gone = isServiceError(error, 'NoSuchUpload') && attempt > 1
    if (!lost && !gone) return undefined
    if (!(await isOurs(ctx, params, expected, signal))) return undefined
    return { value: { bucket: params.bucket, key: params.key, etag: expected } }
  }
}

/**
 * `POST /key?uploadId=ID` with the part list. Retried; after a lost answer or a NoSuchUpload on a
 * retry, succeeds only if HEAD shows the expected multipart ETag (and `expectedSize`).
 */
export const completeMultipartUpload: Operation<CompleteMultipartUploadParams, CompletedUpload> =
  defineOperation<CompleteMultipartUploadParams, CompletedUpload>({
    name: 'completeMultipartUpload',
    method: 'POST',
    scope: 'object',
    validate: (params) => {
      requireString(params.uploadId, 'uploadId')
      checkParts(params.parts)
      optionalInteger(params.expectedSize, 'expectedSize', 0)
    },
    target: ({ bucket, key, uploadId }) => ({ bucket, key, query: { uploadId } }),
    body: partListBody,
    parse: parseCompleted,
    recover: recoverCompleted,
    s3: {
      headers: () => ({ 'content-type': 'application/xml' }),
      body: (params) => new TextEncoder().encode(completeMultipartUploadXml(params.parts)),
    },
  })
