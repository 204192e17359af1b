import type { JssServiceError } from './errors.js'
import type { ErrorBody } from './read-service-error.js'
import { serviceErrorOf } from './read-service-error.js'
import type { JssResponse } from './response.js'
import { parseXml } from './s3-xml.js'

/** The string fields of an `<Error>` element's content (`Code`, `Message`, `Resource`, `RequestId`). */
function errorFields(content: unknown): ErrorBody {
  const found: ErrorBody = {}
  if (typeof content !== 'object' || content === null) return found
  const fields = content as Record<string, unknown>
  const text = (name: string) => (typeof fields[name] === 'string' ? fields[name] : undefined)
  const code = text('Code')
  if (code !== undefined && code !== '') found.code = code
  found.serviceMessage = text('Message')
  found.resource = text('Resource')
  found.requestId = text('RequestId')
  return found
}

/**
 * The fields of an S3 error body (`<Error><Code>…</Code><Message>…</Message>…</Error>`), or a note
 * that it is not one (the code then comes from the status, as for JSS).
 * @example parseS3ErrorBody('<Error><Code>NoSuchKey</Code></Error>') // { code: 'NoSuchKey', … }
 */
export function parseS3ErrorBody(text: string): ErrorBody {
  const document = parseXml(text)
  if (document?.root === 'Error') return errorFields(document.content)
  return { serviceMessage: `non-S3 error body: ${JSON.stringify(text.slice(0, 120))}` }
}

/**
 * The error an `<Error>` document in a 2xx answer describes (S3 answers CompleteMultipartUpload
 * with 200 before it knows the outcome, then sends an `<Error>` when it fails): a
 * {@link JssServiceError} with its code (`InternalError` when it names none, as that is what S3
 * means by it), retried like the same code in an error status.
 */
export function s3ErrorInAnswer(res: JssResponse, content: unknown): JssServiceError {
  const body = errorFields(content)
  return serviceErrorOf(
    res,
    { ...body, code: body.code ?? 'InternalError' },
    'POST',
    undefined,
    'S3',
  )
}
