import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  canonicalizedResource,
  decodeKey,
  encodeKey,
  presignUrl,
  signRequest,
  signString,
  stringToSign,
  verifyRequest,
} from '../src/index.js'
import type { SignableRequest } from '../src/types.js'
import {
  fieldValue,
  METHODS,
  type Model,
  model,
  objectKey,
  shuffle,
  timeOf,
  toRequest,
  withSignature,
} from './model.js'
import { received as toReceived } from './received.js'

const numRuns = 1000
const credentials = { accessKey: 'AKIDPROPERTY', secretKey: 'property-secret' }
const lookupSecret = (ak: string) =>
  ak === credentials.accessKey ? credentials.secretKey : undefined

function randomCase(name: string, seed: number): string {
  return [...name]
    .map((c, i) => ((seed >>> (i % 31)) & 1 ? c.toUpperCase() : c.toLowerCase()))
    .join('')
}

describe('properties', () => {
  it('header order and name case never change the signature', async () => {
    await fc.assert(
      fc.asyncProperty(model, fc.integer(), fc.integer(), async (m, orderSeed, caseSeed) => {
        const request = toRequest(m)
        const pairs = Object.entries(request.headers)
        const reordered = shuffle(pairs, orderSeed).map(([n, v], i): [string, string] => [
          randomCase(n, caseSeed + i),
          v,
        ])
        const date = new Date(m.time)
        const a = await signRequest(request, credentials, { date })
        const b = await signRequest({ ...request, headers: reordered }, credentials, { date })
        expect(b.Authorization).toBe(a.Authorization)
        expect(stringToSign({ ...request, headers: new Headers(reordered) }, { date })).toBe(
          stringToSign(request, { date }),
        )
      }),
      { numRuns },
    )
  })

  it('values with surrounding spaces and tabs sign like trimmed ones', async () => {
    const padding = fc.string({ unit: fc.constantFrom(' ', '\t'), maxLength: 3 })
    await fc.assert(
      fc.asyncProperty(
        model,
        fc.array(fc.tuple(padding, padding), { minLength: 6, maxLength: 6 }),
        async (m, pads) => {
          const request = toRequest(m)
          const trimmed = Object.fromEntries(
            Object.entries(request.headers).map(([n, v]) => [n, v.trim()]),
          )
          const padded = Object.fromEntries(
            Object.entries(trimmed).map(([n, v], i) => [n, `${pads[i]![0]}${v}${pads[i]![1]}`]),
          )
          const date = new Date(m.time)
          const a = await signRequest({ ...request, headers: trimmed }, credentials, { date })
          const b = await signRequest({ ...request, headers: padded }, credentials, { date })
          expect(b.Authorization).toBe(a.Authorization)
        },
      ),
      { numRuns },
    )
  })

  it('any key round-trips through encode, decode and the resource', () => {
    fc.assert(
      fc.property(objectKey, fc.boolean(), (key, virtual) => {
        const encoded = encodeKey(key)
        expect(encoded).toMatch(/^[A-Za-z0-9\-._~/%]*$/)
        expect(decodeKey(encoded)).toBe(key)
        const url = virtual
          ? `https://bkt.s.jcloud.com/${encoded}`
          : `http://127.0.0.1/bkt/${encoded}`
        expect(canonicalizedResource({ url, bucket: 'bkt' })).toBe(`/bkt/${key}`)
        expect(canonicalizedResource({ bucket: 'bkt', key })).toBe(`/bkt/${key}`)
      }),
      { numRuns },
    )
  })

  it('signing then verifying always succeeds, whatever the headers shape', async () => {
    await fc.assert(
      fc.asyncProperty(model, fc.constantFrom('record', 'pairs', 'Headers'), async (m, shape) => {
        const request = toRequest(m)
        const now = m.time
        let received: SignableRequest
        if (m.expiresIn === undefined) {
          const headers = await signRequest(request, credentials, { date: new Date(m.time) })
          const entries = Object.entries(headers)
          received = {
            ...request,
            headers:
              shape === 'record' ? headers : shape === 'pairs' ? entries : new Headers(entries),
          }
        } else {
          const url = await presignUrl(
            { ...request, expires: m.time / 1000 + m.expiresIn },
            credentials,
          )
          received = { ...request, url }
        }
        const result = await verifyRequest(toReceived(received), { lookupSecret, now })
        expect(result).toMatchObject({
          ok: true,
          accessKey: credentials.accessKey,
          order: 'sorted',
        })
      }),
      { numRuns },
    )
  })

  it('a signature over the sub-resources in the order received verifies too', async () => {
    await fc.assert(
      fc.asyncProperty(model, async (m) => {
        const toSign = stringToSign(toRequest(m), { date: timeOf(m), order: 'received' })
        const signature = await signString(credentials.secretKey, toSign)
        const received = withSignature(m, credentials.accessKey, signature)
        const result = await verifyRequest(toReceived(received), { lookupSecret, now: m.time })
        expect(result).toMatchObject({ ok: true, stringToSign: toSign })
      }),
      { numRuns },
    )
  })

  type Change = 'method' | 'bucket' | 'key' | 'sub' | 'header' | 'time'
  const change = fc.constantFrom<Change>('method', 'bucket', 'key', 'sub', 'header', 'time')

  function mutate(m: Model, what: Change, n: number, text: string): Model {
    switch (what) {
      case 'method':
        return { ...m, method: METHODS[(METHODS.indexOf(m.method) + 1 + (n % 4)) % 5]! }
      case 'bucket':
        return { ...m, bucket: m.bucket === undefined ? 'added' : `${m.bucket}x` }
      case 'key': {
        // Appended within one segment that starts with `k`, so it can never form a `.` or `..`
        // segment, which URL parsing removes (such keys cannot travel in a URL: see the README).
        const suffix = `k${text.replaceAll('/', '_')}`
        return m.bucket === undefined
          ? { ...m, bucket: 'b', key: suffix }
          : { ...m, key: `${m.key}${suffix}` }
      }
      case 'sub': {
        const [first, ...rest] = m.sub
        if (first === undefined) return { ...m, sub: [['acl', '']] }
        return n % 2 === 0
          ? { ...m, sub: rest }
          : { ...m, sub: [[first[0], `${first[1]}z`], ...rest] }
      }
      case 'header': {
        const [first, ...rest] = m.jss
        if (first === undefined) return { ...m, contentType: `${m.contentType ?? ''}z` }
        return n % 2 === 0
          ? { ...m, jss: rest }
          : { ...m, jss: [[first[0], `${first[1]}z`], ...rest] }
      }
      case 'time':
        return m.expiresIn === undefined
          ? { ...m, time: m.time + 1000 * (1 + (n % 600)) }
          : { ...m, expiresIn: m.expiresIn + 1 + (n % 600) }
    }
  }

  it('any change to the canonical form makes verification fail', async () => {
    await fc.assert(
      fc.asyncProperty(model, change, fc.nat(), fieldValue, async (m, what, n, text) => {
        const signature = await signString(
          credentials.secretKey,
          stringToSign(toRequest(m), {
            date: timeOf(m),
          }),
        )
        const now = m.time
        const same = await verifyRequest(
          toReceived(withSignature(m, credentials.accessKey, signature)),
          {
            lookupSecret,
            now,
          },
        )
        expect(same.ok).toBe(true)
        const changed = mutate(m, what, n, text.replace(/[ \t]/g, 'x'))
        const result = await verifyRequest(
          toReceived(withSignature(changed, credentials.accessKey, signature)),
          {
            lookupSecret,
            now,
          },
        )
        expect(result).toMatchObject({
          ok: false,
          reason: 'mismatch',
          code: 'SignatureDoesNotMatch',
        })
      }),
      { numRuns },
    )
  })
})
