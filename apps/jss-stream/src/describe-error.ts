import { CliError } from './errors.js'

/** What the failing command was working on, for the messages. */
export interface ErrorContext {
  endpoint?: string | undefined
  /** The dialect spoken (the S3 dialect's credentials may come from AWS_* too). */
  dialect?: 'jss' | 's3' | undefined
  bucket?: string | undefined
  key?: string | undefined
}

interface Coded {
  code: string
  statusCode?: number
  message: string
}

/** The names a service error's description may use: `?` for those not known yet. */
interface Names {
  bucket: string
  key: string
  s3: boolean
}

/** Describes a service error, given its `(status code)` tag. */
type ServiceDescription = (tag: string, names: Names) => string

/** Describes a transport error, given the endpoint. */
type TransportDescription = (endpoint: string) => string

/** The service's error codes the CLI explains, and what to check for each. */
const serviceDescriptions: Readonly<Record<string, ServiceDescription>> = {
  SignatureDoesNotMatch: (tag, { s3 }) =>
    `the server rejected the request signature ${tag}: check the secret key (JSS_SECRET_KEY or --secret-key${s3 ? ', else AWS_SECRET_ACCESS_KEY; jss-stream config shows which is used' : ''})`,
  InvalidAccessKeyId: (tag, { s3 }) =>
    `the server does not know this access key ${tag}: check the access key (JSS_ACCESS_KEY or --access-key${s3 ? ', else AWS_ACCESS_KEY_ID; jss-stream config shows which is used' : ''})`,
  AuthorizationHeaderMalformed: (tag) =>
    `the server refused the signature's region or scope ${tag}: check --region (JSS_REGION, else AWS_REGION)`,
  AccessDenied: (tag, { bucket }) =>
    `access denied ${tag}: check the credentials and the permissions on bucket "${bucket}"`,
  RequestTimeTooSkewed: (tag) =>
    `the server refused the request time ${tag}: check the system clock`,
  NoSuchBucket: (tag, { bucket }) =>
    `no such bucket "${bucket}" ${tag}: check the name, or create it with jss-stream mb ${bucket}`,
  NoSuchKey: (tag, { bucket, key }) => `no such key "${key}" in bucket "${bucket}" ${tag}`,
  NoSuchUpload: (tag) => `no such upload ${tag}: it was aborted, completed, or never existed`,
  BucketAlreadyOwnedByYou: (tag, { bucket }) =>
    `bucket "${bucket}" already exists and is yours ${tag}`,
  BucketAlreadyExists: (tag, { bucket }) =>
    `bucket "${bucket}" already exists and belongs to someone else ${tag}: choose another name`,
  InvalidRange: (tag) => `the range is outside the object ${tag}`,
}

/** The transport's error codes the CLI explains, and what to check for each. */
const transportDescriptions: Readonly<Record<string, TransportDescription>> = {
  JSS_ERR_CONNECT: (endpoint) =>
    `cannot reach ${endpoint}: connection refused; check --endpoint or JSS_ENDPOINT and that the service is running`,
  JSS_ERR_DNS: (endpoint) =>
    `cannot reach ${endpoint}: unknown host; check --endpoint or JSS_ENDPOINT`,
  JSS_ERR_CONNECT_TIMEOUT: (endpoint) =>
    `cannot reach ${endpoint}: no connection in time; check the endpoint, the network or HTTPS_PROXY`,
}

/** The entry for `code` in a table of descriptions; never one inherited from `Object.prototype`. */
function lookUp<T>(table: Readonly<Record<string, T>>, code: string): T | undefined {
  return Object.hasOwn(table, code) ? table[code] : undefined
}

function isCoded(error: unknown): error is Coded {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string'
}

/** The CLI's words for a service error (it has a status) or a transport error, when it has some. */
function describeCoded(error: Coded, context: ErrorContext): string | undefined {
  if (typeof error.statusCode === 'number') {
    const names = {
      bucket: context.bucket ?? '?',
      key: context.key ?? '?',
      s3: context.dialect === 's3',
    }
    return lookUp(serviceDescriptions, error.code)?.(`(${error.statusCode} ${error.code})`, names)
  }
  return lookUp(transportDescriptions, error.code)?.(context.endpoint ?? 'the endpoint')
}

/**
 * The one line printed after `jss-stream: ` for an error. The CLI's own errors and the protocol's
 * errors have stable messages; anything else falls back to its message. Never includes a secret:
 * no message of this CLI or of the packages it uses contains the secret key.
 */
export function describeError(error: unknown, context: ErrorContext = {}): string {
  if (error instanceof CliError) return error.message
  if (isCoded(error)) return describeCoded(error, context) ?? firstLine(error.message)
  if (error instanceof Error) return firstLine(error.message) || error.name
  return String(error)
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? ''
}
