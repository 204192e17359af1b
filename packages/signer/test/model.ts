import fc from 'fast-check'
import { encodeKey, formatHttpDate, isAddressableKey, type SignableRequest } from '../src/index.js'

/** A request described by its canonical parts, to build, sign, mutate and verify. */
export interface Model {
  readonly method: string
  readonly bucket: string | undefined
  readonly key: string
  /** Signed sub-resources, unique names; '' is valueless. */
  readonly sub: readonly (readonly [string, string])[]
  /** Unsigned query parameters. */
  readonly unsigned: readonly (readonly [string, string])[]
  /** x-jss-* headers, unique lower-case names. */
  readonly jss: readonly (readonly [string, string])[]
  readonly contentType: string | undefined
  readonly contentMd5: string | undefined
  /** Epoch milliseconds, whole seconds. */
  readonly time: number
  readonly virtual: boolean
  /** Seconds from `time` to Expires; undefined for the header form. */
  readonly expiresIn: number | undefined
  /** Seeds the order of query parameters in the URL. */
  readonly seed: number
}

export const METHODS: readonly string[] = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD']
const SUB = ['acl', 'partNumber', 'uploadId', 'uploads', 'versionId', 'contentType', 'cacheControl']
const UNSIGNED = ['prefix', 'marker', 'max-keys', 'delimiter', 'max-parts']

/** Header field characters: visible ASCII, space, tab and obs-text. */
export const fieldValue: fc.Arbitrary<string> = fc.string({
  unit: fc
    .integer({ min: 0x1f, max: 0xff })
    .map((c) => (c === 0x1f || c === 0x7f ? '\t' : String.fromCharCode(c))),
  maxLength: 12,
})

/** Any addressable key (`isAddressableKey`: no `.`/`..` segment, no `?` + sub-resource name). */
export const objectKey: fc.Arbitrary<string> = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom('/', '.', ' ', '%', '+', '?', '#', '\\'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    ),
    minLength: 1,
    maxLength: 24,
  })
  .filter(isAddressableKey)

const bucket = fc
  .stringMatching(/^[a-z0-9][a-z0-9-]{1,10}[a-z0-9]$/)
  .filter((b) => !b.includes('--'))
const queryValue = fc.oneof(fc.constant(''), fc.string({ unit: 'binary', maxLength: 8 }))
/** A signed sub-resource's value: no control character and no `&` (`checkSubResources`). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it leaves out
const subValue = queryValue.filter((value) => !/[\u0000-\u001f\u007f&]/.test(value))
const jssName = fc.stringMatching(/^x-jss-[a-z0-9-]{1,10}$/)

export const model: fc.Arbitrary<Model> = fc.record({
  method: fc.constantFrom(...METHODS),
  bucket: fc.option(bucket, { nil: undefined }),
  key: fc.oneof(fc.constant(''), objectKey),
  sub: fc.uniqueArray(fc.tuple(fc.constantFrom(...SUB), subValue), {
    selector: ([n]) => n,
    maxLength: 4,
  }),
  unsigned: fc.uniqueArray(fc.tuple(fc.constantFrom(...UNSIGNED), queryValue), {
    selector: ([n]) => n,
    maxLength: 3,
  }),
  jss: fc.uniqueArray(fc.tuple(jssName, fieldValue), { selector: ([n]) => n, maxLength: 4 }),
  contentType: fc.option(fieldValue, { nil: undefined }),
  contentMd5: fc.option(fc.stringMatching(/^[0-9a-f]{32}$/), { nil: undefined }),
  time: fc.integer({ min: 631_152_000, max: 3_786_912_000 }).map((s) => s * 1000),
  virtual: fc.boolean(),
  expiresIn: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
  seed: fc.integer(),
})

/** A deterministic shuffle (a small LCG seeded by `seed`). */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items]
  let state = seed >>> 0
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0
    const j = state % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

const q = (value: string) => encodeURIComponent(value)

/** The request a client would send for the model (no Date, no authentication). */
export function toRequest(m: Model): SignableRequest & { headers: Record<string, string> } {
  // Without a bucket there is no key: the service resource `/`.
  const key = m.bucket === undefined ? '' : m.key
  const host = m.virtual && m.bucket !== undefined ? `${m.bucket}.s.jcloud.com` : '127.0.0.1:9000'
  const path =
    m.virtual && m.bucket !== undefined
      ? `/${encodeKey(key)}`
      : m.bucket === undefined
        ? '/'
        : key === ''
          ? `/${m.bucket}`
          : `/${m.bucket}/${encodeKey(key)}`
  const params = shuffle([...m.sub, ...m.unsigned], m.seed).map(([n, v]) =>
    v === '' ? n : `${n}=${q(v)}`,
  )
  const headers: Record<string, string> = Object.fromEntries(m.jss)
  if (m.contentType !== undefined) headers['Content-Type'] = m.contentType
  if (m.contentMd5 !== undefined) headers['Content-MD5'] = m.contentMd5
  return {
    method: m.method,
    url: `http://${host}${path}${params.length ? `?${params.join('&')}` : ''}`,
    headers,
    bucket: m.bucket,
  }
}

/** The model's Date header or Expires value. */
export function timeOf(m: Model): string {
  return m.expiresIn === undefined
    ? formatHttpDate(new Date(m.time))
    : String(m.time / 1000 + m.expiresIn)
}

/** The request as received, carrying a signature made for another (or the same) model. */
export function withSignature(m: Model, accessKey: string, signature: string): SignableRequest {
  const request = toRequest(m)
  if (m.expiresIn === undefined) {
    const headers = {
      ...request.headers,
      Date: timeOf(m),
      Authorization: `jingdong ${accessKey}:${signature}`,
    }
    return { ...request, headers }
  }
  const url = String(request.url)
  const auth = `Expires=${timeOf(m)}&AccessKey=${q(accessKey)}&Signature=${q(signature)}`
  return { ...request, url: `${url}${url.includes('?') ? '&' : '?'}${auth}` }
}
