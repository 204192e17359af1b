import { computeS3MultipartEtag } from '@jss/signer'
import { md5Hex, multipartEtag } from './multipart-etag.js'
import { type JsonFields, readJson } from './read-json.js'
import { parseS3ErrorBody } from './read-s3-error.js'
import { readS3Xml, type XmlShape } from './read-s3-xml.js'
import { type ErrorBody, parseJsonErrorBody } from './read-service-error.js'
import type { JssResponse } from './response.js'
import { type AttemptSigner, signJss, sigV4Signer } from './sign-attempt.js'

/** The wire protocols the client speaks. */
export type DialectName = 'jss' | 's3'

/**
 * Every rule that differs between JSS and the S3 REST dialect, except the operations' own wire
 * details (next to the JSS ones in each operation's file). Chosen once, in `resolveOptions`.
 */
export interface Dialect {
  readonly name: DialectName
  /** The SigV4 scope region (S3); `undefined` for JSS, which signs without one. */
  readonly region: string | undefined
  /** The prefix of the service's own headers: `x-jss-` or `x-amz-`. */
  readonly headerPrefix: 'x-jss-' | 'x-amz-'
  /** The header that carries the request id. */
  readonly requestIdHeader: string
  /** The field of a listing that says more pages follow: `HasNext` (JSS) or `IsTruncated` (S3). */
  readonly truncatedField: 'HasNext' | 'IsTruncated'
  /** Signs one attempt. */
  readonly sign: AttemptSigner
  /** Reads an answer's body into checked fields: JSON (JSS), or XML of `shape` (S3). */
  readFields(res: JssResponse, shape: XmlShape): Promise<JsonFields>
  /** The header asking for server-side encryption, or none (S3 has no "off" value). */
  encryptionHeader(on: boolean): [name: string, value: string] | undefined
  /** The Content-MD5 header value of a lowercase hex MD5 (JSS: the hex; S3: base64 of the bytes). */
  contentMd5(hex: string): string
  /** The ETag a completed multipart object has, from its part ETags (unquoted hex). */
  multipartEtag(partEtags: readonly string[]): string
  /** The fields of an error body (JSON or `<Error>` XML); an empty object when it has none. */
  parseErrorBody(text: string): ErrorBody
}

/** The JSS dialect: `jingdong` signatures, `x-jss-*` headers, JSON bodies. */
export const JSS_DIALECT: Dialect = Object.freeze({
  name: 'jss',
  region: undefined,
  headerPrefix: 'x-jss-',
  requestIdHeader: 'x-jss-request-id',
  truncatedField: 'HasNext',
  sign: signJss,
  readFields: (res: JssResponse) => readJson(res),
  encryptionHeader: (on: boolean): [string, string] => ['x-jss-server-side-encryption', String(on)],
  contentMd5: (hex: string) => hex,
  multipartEtag,
  parseErrorBody: parseJsonErrorBody,
})

/**
 * The S3 multipart ETag of part ETags (unquoted hex): the MD5 of their binary MD5s, then `-N`.
 * The rule is `@jss/signer`'s `computeS3MultipartEtag`; this binds it to Node's MD5.
 * @example s3MultipartEtag(['9223eed2740a549634ac58688d33b614', 'aa286070fe65d16d39fb8997143ea564']) // '…-2'
 */
export function s3MultipartEtag(partEtags: readonly string[]): string {
  return computeS3MultipartEtag(partEtags, md5Hex)
}

/** The S3 REST dialect, signed with SigV4 for `region`: `x-amz-*` headers, XML bodies. */
export function s3Dialect(region: string): Dialect {
  return Object.freeze({
    name: 's3',
    region,
    headerPrefix: 'x-amz-',
    requestIdHeader: 'x-amz-request-id',
    truncatedField: 'IsTruncated',
    sign: sigV4Signer(region),
    readFields: readS3Xml,
    encryptionHeader: (on: boolean): [string, string] | undefined =>
      on ? ['x-amz-server-side-encryption', 'AES256'] : undefined,
    contentMd5: (hex: string) => Buffer.from(hex, 'hex').toString('base64'),
    multipartEtag: s3MultipartEtag,
    parseErrorBody: parseS3ErrorBody,
  })
}

/** Whether a listing says more pages follow (`HasNext` or `IsTruncated`; absent: no). */
export function hasNext(json: JsonFields, dialect: Dialect): boolean {
  const field = dialect.truncatedField
  return json.raw[field] === undefined ? false : json.boolean(field)
}
