import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  canonicalizedSubResources,
  JssSignerError,
  parseHost,
  parseRequestTarget,
  presignUrl,
  type RequestResource,
  signRequest,
  verifyRequest,
} from '../src/index.js'
import { METHODS, type Model, model, toRequest } from './model.js'

const numRuns = 1000
const credentials = { accessKey: 'AKIDROUTED', secretKey: 'routed-secret' }
const lookupSecret = (ak: string) =>
  ak === credentials.accessKey ? credentials.secretKey : undefined

/** How a server that uses the signer routes: Host checked, `bucket.localhost` virtual-host. */
function route(host: string, target: string): RequestResource | undefined {
  const parsed = parseHost(host)
  if (!parsed) return undefined
  const virtual = parsed.hostname.endsWith('.localhost')
    ? parsed.hostname.slice(0, -'.localhost'.length)
    : undefined
  try {
    return parseRequestTarget(target, { bucket: virtual })
  } catch (error) {
    if (error instanceof JssSignerError) return undefined
    throw error
  }
}

const hex = (c: string) =>
  [...new TextEncoder().encode(c)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')

/** Spells `text` with every character raw or percent-encoded (either case) by `bits`. */
function spell(text: string, bits: number[]): string {
  return [...text]
    .map((c, i) => {
      const bit = bits[i % bits.length] ?? 0
      const safe = /[A-Za-z0-9\-_~.!$&'()*+,;=:@]/.test(c)
      if (safe && bit % 3 === 0) return c
      if (c === '/' && bit % 3 !== 2) return c
      const encoded = hex(c)
      return bit % 2 ? encoded.toLowerCase() : encoded.toUpperCase()
    })
    .join('')
}

const SPLICES = [
  '/./',
  '/../',
  '/%2e%2E/',
  '/.%2e/',
  '\\',
  '//',
  '/',
  '%2F..%2F',
  '#',
  '?acl&',
  '?',
  '??',
]

interface Attack {
  /** Another request's parts, or the signed one's (a respelling). */
  readonly other: Model | undefined
  readonly method: string | undefined
  readonly virtual: boolean
  readonly hostJunk: string
  readonly bits: number[]
  readonly splice: readonly [number, string] | undefined
}

const bits = fc.array(fc.nat(5), { minLength: 1, maxLength: 16 })

/** Another request, method, Host or path: anything an attacker may send. */
const anyAttack: fc.Arbitrary<Attack> = fc.record({
  other: fc.option(model, { nil: undefined }),
  method: fc.option(fc.constantFrom(...METHODS, 'get', 'OPTIONS'), { nil: undefined }),
  virtual: fc.boolean(),
  hostJunk: fc.constantFrom('', '/b/k?', '#', '@x', '\\x', ' ', '/', '?acl', ':99999', ',x'),
  bits,
  splice: fc.option(fc.tuple(fc.nat(40), fc.constantFrom(...SPLICES)), { nil: undefined }),
})

/** The signed request itself, spelled another way (path-style or virtual-host, any encoding). */
const respelling: fc.Arbitrary<Attack> = fc.record({
  other: fc.constant(undefined),
  method: fc.constant(undefined),
  virtual: fc.boolean(),
  hostJunk: fc.constant(''),
  bits,
  splice: fc.constant(undefined),
})

const attack = fc.oneof({ arbitrary: anyAttack, weight: 3 }, { arbitrary: respelling, weight: 1 })

/** The request target and Host an attacker sends for the model `m`. */
function forge(m: Model, a: Attack, auth: string): { host: string; target: string } {
  const virtual = a.virtual && m.bucket !== undefined
  const key = m.bucket === undefined ? '' : m.key
  let path = virtual
    ? `/${spell(key, a.bits)}`
    : m.bucket === undefined
      ? '/'
      : `/${spell(m.bucket, a.bits)}${key === '' ? '' : `/${spell(key, a.bits)}`}`
  if (a.splice) {
    const at = Math.min(a.splice[0], path.length)
    path = path.slice(0, at) + a.splice[1] + path.slice(at)
  }
  const query = [...m.sub, ...m.unsigned]
    .map(([n, v]) => (v === '' ? n : `${n}=${spell(v, a.bits)}`))
    .concat(auth === '' ? [] : [auth])
    .join('&')
  const host = `${virtual ? `${m.bucket}.localhost` : '127.0.0.1'}${a.hostJunk}`
  return { host, target: `${path}${query === '' ? '' : `?${query}`}` }
}

const signedSubs = (m: Model) =>
  canonicalizedSubResources(
    m.sub.map(([n, v]) => [n, v] as const),
    'sorted',
  )

describe('a signature authorizes exactly the resource it signed', () => {
  it('never verifies for another method, bucket, key or sub-resources, whatever the Host and spelling', async () => {
    let verified = 0
    await fc.assert(
      fc.asyncProperty(model, attack, async (m, a) => {
        const request = toRequest(m)
        let headers: Record<string, string> = {}
        let auth = ''
        if (m.expiresIn === undefined) {
          headers = await signRequest(request, credentials, { date: new Date(m.time) })
        } else {
          const url = await presignUrl(
            { ...request, expires: m.time / 1000 + m.expiresIn },
            credentials,
          )
          auth = url.slice(url.indexOf('Expires='))
          headers = request.headers
        }
        const sent = a.other ?? m
        const { host, target } = forge(sent, a, auth)
        const resource = route(host, target)
        if (!resource) return
        const method = a.method ?? sent.method
        const result = await verifyRequest(
          { method, headers: { ...headers, host }, resource },
          { lookupSecret, now: m.time },
        )
        if (!result.ok) return
        verified++
        expect(method.toUpperCase()).toBe(m.method)
        expect(resource.bucket).toBe(m.bucket)
        expect(resource.key).toBe(m.bucket === undefined || m.key === '' ? undefined : m.key)
        expect(canonicalizedSubResources(resource.query, 'sorted')).toBe(signedSubs(m))
      }),
      { numRuns },
    )
    // The attacks include respellings of the signed request itself, which must still verify.
    expect(verified).toBeGreaterThan(numRuns / 20)
  })
})
