/** A Host header split into its parts. */
export interface HostParts {
  /** The host name, lower-cased; an IPv6 literal keeps its brackets. @example 'bucket.localhost' */
  readonly hostname: string
  /** The port, when one is given. @example 9000 */
  readonly port: number | undefined
}

/**
 * RFC 3986 reg-name (unreserved, pct-encoded and sub-delims, at least one character), without `,`:
 * two Host headers folded into one value must not pass as one host.
 */
const REG_NAME = /^(?:[A-Za-z0-9\-._~!$&'()*+;=]|%[0-9A-Fa-f]{2})+$/
/** RFC 3986 IP-literal with an IPv6 address (IPvFuture is refused). */
const IP_LITERAL = /^\[[0-9A-Fa-f:.]{2,45}\]$/
const PORT = /^[0-9]{1,5}$/

/**
 * Parses a Host header value as `host[:port]` (RFC 3986 reg-name, IPv4 or an IPv6 literal in
 * brackets, optional port 0–65535), or returns `undefined` for anything else: `/`, `?`, `#`, `@`,
 * `\`, `,`, spaces, userinfo, several values. A server refuses a request whose Host does not parse
 * before it looks at anything else.
 * @example parseHost('Bucket.localhost:9000') // { hostname: 'bucket.localhost', port: 9000 }
 * @example parseHost('x/bucket/public.txt?') // undefined
 */
export function parseHost(value: string | undefined): HostParts | undefined {
  if (typeof value !== 'string') return undefined
  let host = value
  let port: number | undefined
  const colon = value.lastIndexOf(':')
  if (colon >= 0 && colon > value.lastIndexOf(']')) {
    const digits = value.slice(colon + 1)
    if (!PORT.test(digits) || Number(digits) > 65_535) return undefined
    port = Number(digits)
    host = value.slice(0, colon)
  }
  if (!REG_NAME.test(host) && !IP_LITERAL.test(host)) return undefined
  return { hostname: host.toLowerCase(), port }
}
