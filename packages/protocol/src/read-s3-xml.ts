import { JssResponseError } from './errors.js'
import { BODY_LIMIT, facts, type JsonFields, jsonFields } from './read-json.js'
import { s3ErrorInAnswer } from './read-s3-error.js'
import { type JssResponse, readText } from './response.js'
import { parseXml } from './s3-xml.js'

/** What an S3 answer's XML must be: its root element, and the paths below it that are lists. */
export interface XmlShape {
  /** The root element. @example 'ListPartsResult' */
  readonly root: string
  /** Elements that may repeat, as paths below the root. @default [] @example ['Buckets.Bucket'] */
  readonly arrays?: readonly string[] | undefined
}

/**
 * Reads an S3 answer's XML body (at most `BODY_LIMIT` bytes) into checked fields. A body that is
 * not XML, or has another root, is a {@link JssResponseError}; an `<Error>` document (S3 sends one
 * with a 200 to CompleteMultipartUpload) is the {@link JssServiceError} it describes.
 */
export async function readS3Xml(res: JssResponse, shape: XmlShape): Promise<JsonFields> {
  const text = await readText(res.body, BODY_LIMIT)
  const type = res.headers['content-type'] ?? ''
  const snippet = JSON.stringify(text.slice(0, 80))
  if (type !== '' && !/xml/i.test(type)) {
    throw new JssResponseError(
      `Expected an XML answer to ${res.resource} but got ${type} (${snippet}…); is the endpoint an S3 service?`,
      facts(res),
    )
  }
  const arrays = shape.arrays ?? []
  const document = parseXml(text, arrays)
  if (document === undefined) {
    throw new JssResponseError(
      `Broken XML in the answer to ${res.resource}: ${snippet}`,
      facts(res),
    )
  }
  if (document.root === 'Error') throw s3ErrorInAnswer(res, document.content)
  const { content } = document
  if (document.root !== shape.root || typeof content !== 'object' || content === null) {
    throw new JssResponseError(
      `Expected <${shape.root}> in the answer to ${res.resource}: ${snippet}`,
      facts(res),
    )
  }
  return jsonFields(content as Record<string, unknown>, res)
}
