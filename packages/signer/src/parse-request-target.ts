import { isAddressableKey } from './check-key.js'
import { decodeKey } from './decode-key.js'
import { InvalidArgumentError, InvalidUrlError } from './errors.js'
import { checkSubResources } from './sub-resources.js'

/**
 * The resource a server acts on, and so the resource a signature is checked against: the bucket
 * and key decoded, verbatim (no `.`/`..`, backslash or slash folding), and the raw query.
 */
export interface RequestResource {
  /** The bucket, or `undefined` for the service (`GET /`). @example 'my-bucket' */
  readonly bucket: string | undefined
  /** The object key, decoded, or `undefined` for a bucket or the service. @example 'a b/c.txt' */
  readonly key: string | undefined
  /**
   * The query as received, with its leading `?` (`''` when none), as `URL.search` gives it: read it
   * with `new URLSearchParams(query)`, which drops exactly that `?` — so that a target such as
   * `/b??uploads` means the same (an unsigned parameter named `?uploads`) to the router and to the
   * verifier. The signed sub-resources and the presign parameters are read from it.
   * @example '?partNumber=3&uploadId=ID'
   */
  readonly query: string
}

/** Options of `parseRequestTarget`. */
export interface RequestTargetOptions {
  /**
   * The bucket of a virtual-host request, which the server took from a Host header it checked
   * (`parseHost`) and matched against its own domains. Then the whole path is the key.
   * @default undefined (path-style: the first path segment is the bucket)
   * @example { bucket: 'my-bucket' }
   */
  readonly bucket?: string | undefined
}

/**
 * Path characters: visible ASCII but `#`, `?`, `%` and `\\` raw, or `%XX`. A backslash is refused
 * because other URL parsers read it as `/`; `[ ] | ^ { } " < >` and backquote are tolerated as
 * the WHATWG URL parser and curl send some of them raw.
 */
const PATH = /^(?:[!-"$&-[\]-~]|%[0-9A-Fa-f]{2})*$/
/** Query characters: visible ASCII but `#` (decoded as `URLSearchParams` does, on both sides). */
const QUERY = /^[!-"$-~]*$/

function decodeSegment(raw: string, what: string): string {
  try {
    return decodeKey(raw)
  } catch (cause) {
    throw new InvalidUrlError(
      `the ${what} in the request path is not valid percent-encoded UTF-8`,
      {
        cause,
      },
    )
  }
}

/**
 * The one way a server derives the resource of a request from what it received: the
 * origin-form request target (`/bucket/key?query`, Node's `req.url`) and, for virtual-host
 * requests, the bucket it took from the Host header. The path is split at `/` before decoding
 * (so `%2F` is a key character) and never normalised. A server routes on the result and passes
 * the same object to `verifyRequest`, so that no header can make it check one resource and act
 * on another.
 *
 * Refused (contract §4, "Object keys"): a target that is not origin-form or holds `#`, a
 * backslash, spaces, controls, raw non-ASCII, or in the path a `%` without two hex digits; invalid UTF-8; an
 * empty bucket segment (`//…` path-style); a bucket with `/`, `?` or `#`; a key that
 * `isAddressableKey` refuses (a `.` or `..` segment in any percent-encoded spelling, or `?` and a
 * signed sub-resource name); a repeated signed sub-resource or one whose value has a control
 * character or `&` (`checkSubResources`).
 * @throws InvalidUrlError for the path, InvalidArgumentError for the query (see `checkSubResources`)
 * @example parseRequestTarget('/b/a%20b?uploads') // { bucket: 'b', key: 'a b', query: '?uploads' }
 * @example parseRequestTarget('/a%2Fb', { bucket: 'b' }) // { bucket: 'b', key: 'a/b', query: '' }
 */
export function parseRequestTarget(
  target: string,
  options: RequestTargetOptions = {},
): RequestResource {
  const { path, query } = splitTarget(target)
  const hostBucket = checkHostBucket(options.bucket)
  const { bucket, rawKey } =
    hostBucket === undefined ? splitPathStyle(path) : { bucket: hostBucket, rawKey: path.slice(1) }
  const key = rawKey === '' ? undefined : decodeAddressableKey(rawKey)
  checkSubResources(query)
  return { bucket, key, query }
}

/** Splits an origin-form target at its first `?`, refusing characters that must be percent-encoded. */
function splitTarget(target: string): { path: string; query: string } {
  if (typeof target !== 'string' || !target.startsWith('/')) {
    throw new InvalidUrlError(
      `the request target ${JSON.stringify(target)} must be a path starting with "/"`,
    )
  }
  const mark = target.indexOf('?')
  const path = mark < 0 ? target : target.slice(0, mark)
  const query = mark < 0 ? '' : target.slice(mark)
  if (!PATH.test(path)) {
    throw new InvalidUrlError(
      `the request path ${JSON.stringify(path)} has a character that must be percent-encoded`,
    )
  }
  if (!QUERY.test(query)) {
    throw new InvalidUrlError(
      `the request query ${JSON.stringify(query)} has a character that must be percent-encoded`,
    )
  }
  return { path, query }
}

/** Checks the virtual-host bucket option: absent, or a non-empty string without `/`, `?`, `#`. */
function checkHostBucket(hostBucket: unknown): string | undefined {
  if (
    hostBucket !== undefined &&
    (typeof hostBucket !== 'string' || !/^[^/?#]+$/.test(hostBucket))
  ) {
    throw new InvalidArgumentError(
      'options.bucket',
      'must be a non-empty string without "/", "?" or "#"',
    )
  }
  return hostBucket
}

/** Splits a path-style path into its decoded bucket (none for `/`) and its raw key. */
function splitPathStyle(path: string): { bucket: string | undefined; rawKey: string } {
  const slash = path.indexOf('/', 1)
  const rawBucket = slash < 0 ? path.slice(1) : path.slice(1, slash)
  const rawKey = slash < 0 ? '' : path.slice(slash + 1)
  if (rawBucket === '' && path !== '/') {
    throw new InvalidUrlError(`the request path ${JSON.stringify(path)} has an empty bucket`)
  }
  const bucket = rawBucket === '' ? undefined : decodeSegment(rawBucket, 'bucket')
  if (bucket !== undefined && /[/?#]/.test(bucket)) {
    throw new InvalidUrlError(`the bucket ${JSON.stringify(bucket)} cannot contain "/", "?" or "#"`)
  }
  return { bucket, rawKey }
}

/** Decodes the raw key and refuses a key that `isAddressableKey` refuses. */
function decodeAddressableKey(rawKey: string): string {
  const key = decodeSegment(rawKey, 'key')
  if (!isAddressableKey(key)) {
    throw new InvalidUrlError(
      `the key ${JSON.stringify(key)} cannot be addressed: it has a "." or ".." segment, or "?" and a sub-resource name`,
    )
  }
  return key
}
