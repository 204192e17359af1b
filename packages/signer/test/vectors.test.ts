import { describe, expect, it } from 'vitest'
import {
  encodeKey,
  presignUrl,
  type SignableRequest,
  signRequest,
  signString,
  stringToSign,
  verifyRequest,
} from '../src/index.js'
import { received as toReceived } from './received.js'
import { loadVectors, type SignatureVector } from './vectors.js'

const vectors = loadVectors().signatures

function pathStyle(v: SignatureVector): SignableRequest {
  const { bucket, key } = v.request
  const path = bucket === undefined ? '/' : key ? `/${bucket}/${encodeKey(key)}` : `/${bucket}`
  return {
    method: v.request.method,
    url: `http://127.0.0.1:9000${path}`,
    headers: v.request.headers ?? {},
  }
}

function virtualHost(v: SignatureVector): SignableRequest {
  const { bucket, key } = v.request
  const host = bucket === undefined ? 's.jcloud.com' : `${bucket}.s.jcloud.com`
  return {
    method: v.request.method.toLowerCase(),
    url: `https://${host}/${key ? encodeKey(key) : ''}`,
    headers: v.request.headers ?? {},
    bucket,
  }
}

const credentials = (v: SignatureVector) => ({ accessKey: v.accessKey, secretKey: v.secretKey })
const timing = (v: SignatureVector) =>
  v.request.expires === undefined ? {} : { expires: v.request.expires }

it('has the four published signature vectors', () => {
  expect(vectors.length).toBeGreaterThanOrEqual(4)
})

describe.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, v) => {
  it('reproduces the StringToSign, path-style and virtual-host', () => {
    expect(stringToSign(pathStyle(v), timing(v))).toBe(v.stringToSign)
    expect(stringToSign(virtualHost(v), timing(v))).toBe(v.stringToSign)
  })

  it('reproduces the signature', async () => {
    expect(await signString(v.secretKey, v.stringToSign)).toBe(v.signature)
  })
})

const headerVectors = vectors.filter((v) => v.request.expires === undefined)
const presignVectors = vectors.filter((v) => v.request.expires !== undefined)

it('has header and presign vectors', () => {
  expect(headerVectors.length).toBeGreaterThanOrEqual(3)
  expect(presignVectors.length).toBeGreaterThanOrEqual(1)
})

describe.each(headerVectors.map((v) => [v.name, v] as const))('header form: %s', (_name, v) => {
  it('signRequest sends the expected Authorization and verifyRequest accepts it', async () => {
    const headers = await signRequest(virtualHost(v), credentials(v))
    expect(headers.Authorization).toBe(v.authorization ?? `jingdong ${v.accessKey}:${v.signature}`)
    expect(headers.Date).toBe(v.request.headers?.Date)
    const now = new Date(Date.parse(headers.Date!))
    const lookupSecret = (ak: string) => (ak === v.accessKey ? v.secretKey : undefined)
    const result = await verifyRequest(toReceived({ ...pathStyle(v), headers }), {
      lookupSecret,
      now,
    })
    expect(result).toMatchObject({ ok: true, accessKey: v.accessKey, method: 'header' })
  })
})

describe.each(presignVectors.map((v) => [v.name, v] as const))('presigned: %s', (_name, v) => {
  it('presignUrl appends the expected query and verifyRequest accepts it', async () => {
    const request = { ...virtualHost(v), expires: v.request.expires! }
    const url = await presignUrl(request, credentials(v))
    expect(new URL(url).search).toBe(`?${v.query}`)
    const lookupSecret = (ak: string) => (ak === v.accessKey ? v.secretKey : undefined)
    const now = (v.request.expires! - 60) * 1000
    const result = await verifyRequest(toReceived({ ...virtualHost(v), url }), {
      lookupSecret,
      now,
    })
    expect(result).toMatchObject({ ok: true, accessKey: v.accessKey, method: 'presigned' })
  })
})
