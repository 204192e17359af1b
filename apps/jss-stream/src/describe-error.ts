import { CliError } from './errors.js'

/** What the failing command was working on, for the messages. */
export interface ErrorContext {
  endpoint?: string | undefined
  bucket?: string | undefined
  key?: string | undefined
}

interface Coded {
  code: string
  statusCode?: number
  message: string
}

function isCoded(error: unknown): error is Coded {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string'
}

function serviceMessage(error: Coded, context: ErrorContext): string | undefined {
  const tag = `(${error.statusCode} ${error.code})`
  const bucket = context.bucket ?? '?'
  switch (error.code) {
    case 'SignatureDoesNotMatch':
      return `the server rejected the request signature ${tag}: check the secret key (JSS_SECRET_KEY or --secret-key)`
    case 'InvalidAccessKeyId':
      return `the server does not know this access key ${tag}: check the access key (JSS_ACCESS_KEY or --access-key)`
    case 'AccessDenied':
      return `access denied ${tag}: check the credentials and the permissions on bucket "${bucket}"`
    case 'RequestTimeTooSkewed':
      return `the server refused the request time ${tag}: check the system clock`
    case 'NoSuchBucket':
      return `no such bucket "${bucket}" ${tag}: check the name, or create it with jss-stream mb ${bucket}`
    case 'NoSuchKey':
      return `no such key "${context.key ?? '?'}" in bucket "${bucket}" ${tag}`
    case 'NoSuchUpload':
      return `no such upload ${tag}: it was aborted, completed, or never existed`
    case 'BucketAlreadyOwnedByYou':
      return `bucket "${bucket}" already exists and is yours ${tag}`
    case 'BucketAlreadyExists':
      return `bucket "${bucket}" already exists and belongs to someone else ${tag}: choose another name`
    case 'InvalidRange':
      return `the range is outside the object ${tag}`
    default:
      return undefined
  }
}

function transportMessage(error: Coded, context: ErrorContext): string | undefined {
  const endpoint = context.endpoint ?? 'the endpoint'
  switch (error.code) {
    case 'JSS_ERR_CONNECT':
      return `cannot reach ${endpoint}: connection refused; check --endpoint or JSS_ENDPOINT and that the service is running`
    case 'JSS_ERR_DNS':
      return `cannot reach ${endpoint}: unknown host; check --endpoint or JSS_ENDPOINT`
    case 'JSS_ERR_CONNECT_TIMEOUT':
      return `cannot reach ${endpoint}: no connection in time; check the endpoint, the network or HTTPS_PROXY`
    default:
      return undefined
  }
}

/**
 * The one line printed after `jss-stream: ` for an error. The CLI's own errors and the protocol's
 * errors have stable messages; anything else falls back to its message. Never includes a secret:
 * no message of this CLI or of the packages it uses contains the secret key.
 */
export function describeError(error: unknown, context: ErrorContext = {}): string {
  if (error instanceof CliError) return error.message
  if (isCoded(error)) {
    const known =
      typeof error.statusCode === 'number'
        ? serviceMessage(error, context)
        : transportMessage(error, context)
    if (known !== undefined) return known
    return firstLine(error.message)
  }
  if (error instanceof Error) return firstLine(error.message) || error.name
  return String(error)
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? ''
}
