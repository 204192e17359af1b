import { JssTransportError, type JssTransportErrorCode } from './errors.js'

const TLS_CODE = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') return code
  const inner = (error as { errors?: unknown }).errors
  if (Array.isArray(inner)) return codeOf(inner[0])
  const cause = (error as { cause?: unknown }).cause
  return cause === undefined ? undefined : codeOf(cause)
}

/** The code families of the network failures. */
interface Mapping {
  code: JssTransportErrorCode
  retryable: boolean
  ambiguous: boolean
  text: (origin: string, resource: string) => string
}

/** The failures of reaching the endpoint (the request was never sent), or undefined. */
function classifyConnect(systemCode: string | undefined): Mapping | undefined {
  switch (systemCode) {
    case 'ECONNREFUSED':
      return {
        code: 'JSS_ERR_CONNECT',
        retryable: true,
        ambiguous: false,
        text: (o) =>
          `Cannot connect to ${o}: connection refused. Check the endpoint and that the service is running.`,
      }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return {
        code: 'JSS_ERR_DNS',
        retryable: true,
        ambiguous: false,
        text: (o) =>
          `Cannot resolve the host of ${o}. Check the endpoint's host name and your DNS.`,
      }
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return {
        code: 'JSS_ERR_CONNECT_TIMEOUT',
        retryable: true,
        ambiguous: false,
        text: (o) =>
          `Cannot reach ${o} (${systemCode}). Check the endpoint, the network, or the proxy settings (HTTPS_PROXY).`,
      }
    default:
      if (systemCode !== undefined && TLS_CODE.test(systemCode)) {
        return {
          code: 'JSS_ERR_TLS',
          retryable: false,
          ambiguous: false,
          text: (o) =>
            `TLS with ${o} failed (${systemCode}). Check the certificate, or set NODE_EXTRA_CA_CERTS for a private CA.`,
        }
      }
      return undefined
  }
}

/** The failures once the request was (maybe) sent: timeouts, a closed client, a broken socket. */
function classifyExchange(systemCode: string | undefined): Mapping {
  switch (systemCode) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return {
        code: 'JSS_ERR_TIMEOUT',
        retryable: true,
        ambiguous: true,
        text: (o, r) => `${o} did not answer ${r} in time (${systemCode}).`,
      }
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_DESTROYED':
      return {
        code: 'JSS_ERR_CLIENT_CLOSED',
        retryable: false,
        ambiguous: true,
        text: () => 'The client was closed or destroyed: create a new one.',
      }
    case 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH':
      return {
        code: 'JSS_ERR_TRANSPORT',
        retryable: false,
        ambiguous: false,
        text: (_o, r) => `The body of ${r} did not match its Content-Length.`,
      }
    default:
      return {
        code: 'JSS_ERR_SOCKET',
        retryable: true,
        ambiguous: true,
        text: (o, r) => `The connection to ${o} failed during ${r} (${systemCode ?? 'no code'}).`,
      }
  }
}

/** The code family of a system or undici error code. */
function classify(systemCode: string | undefined): Mapping {
  return classifyConnect(systemCode) ?? classifyExchange(systemCode)
}

/** Maps an undici or system error to a {@link JssTransportError}, the original as `cause`. */
export function toTransportError(
  error: unknown,
  origin: string,
  resource: string,
): JssTransportError {
  if (error instanceof JssTransportError) return error
  const mapping = classify(codeOf(error))
  const detail = error instanceof Error && error.message ? ` Cause: ${error.message}.` : ''
  return new JssTransportError(`${mapping.text(origin, resource)}${detail}`, mapping.code, {
    resource,
    retryable: mapping.retryable,
    ambiguous: mapping.ambiguous,
    cause: error,
  })
}

/** Transport codes meaning the endpoint was never reached. */
export const CONNECT_CODES: ReadonlySet<string> = new Set([
  'JSS_ERR_CONNECT',
  'JSS_ERR_DNS',
  'JSS_ERR_CONNECT_TIMEOUT',
])
