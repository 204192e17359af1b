import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { type JssLocal, startJssLocal } from '../src/index.js'
import { rawExchange } from './raw-http.js'
import { send } from './send.js'

interface SignatureVector {
  readonly name: string
  readonly accessKey: string
  readonly secretKey: string
  readonly request: {
    readonly method: string
    readonly bucket?: string
    readonly key?: string
    readonly headers?: Record<string, string>
    readonly expires?: number
  }
  readonly signature: string
  readonly authorization?: string
  readonly query?: string
}

const vectors = JSON.parse(
  readFileSync(new URL('../../../spec/vectors.json', import.meta.url), 'utf8'),
) as { signatures: SignatureVector[] }
const [putVector, presignVector, serviceVector1, serviceVector2] = vectors.signatures as [
  SignatureVector,
  SignatureVector,
  SignatureVector,
  SignatureVector,
]

let server: JssLocal | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function start(
  vector: SignatureVector,
  clock: number,
  buckets: string[] = [],
): Promise<JssLocal> {
  server = await startJssLocal({
    credentials: { accessKey: vector.accessKey, secretKey: vector.secretKey },
    now: () => clock,
    buckets,
  })
  return server
}

/** The request bytes, written by hand. */
function raw(method: string, path: string, headers: Record<string, string>, body = ''): string {
  const lines = Object.entries({ ...headers, Connection: 'close' }).map(
    ([k, v]) => `${k}: ${v}\r\n`,
  )
  return `${method} ${path} HTTP/1.1\r\n${lines.join('')}\r\n${body}`
}

describe('known-answer vectors replayed as raw HTTP', () => {
  it(`verifies "${putVector.name}" (path-style and virtual-host)`, async () => {
    // No body with MD5 0c791a8c18017c7ad1675936d12bae5d is known: the one-byte body makes the server
    // answer BadDigest, which it only checks after the signature has verified.
    const headers = putVector.request.headers!
    const jss = await start(putVector, Date.parse(headers.Date!), ['oss-test'])
    const host = new URL(jss.endpoint).host
    const base = { ...headers, Authorization: putVector.authorization!, 'Content-Length': '1' }
    const pathStyle = await rawExchange(
      jss,
      raw('PUT', '/oss-test/sign.txt', { ...base, Host: host }, 'x'),
    )
    expect(pathStyle.status).toBe(400)
    expect(JSON.parse(pathStyle.body)).toMatchObject({
      code: 'BadDigest',
      resource: '/oss-test/sign.txt',
    })
    const vhost = `oss-test.localhost:${new URL(jss.endpoint).port}`
    const virtual = await rawExchange(jss, raw('PUT', '/sign.txt', { ...base, Host: vhost }, 'x'))
    expect(virtual.status).toBe(400)
    expect(JSON.parse(virtual.body).code).toBe('BadDigest')
    // Control: one changed signed header and the same bytes no longer verify.
    const changed = { ...base, Host: host, 'x-jss-server-side-encryption': 'true' }
    const refused = await rawExchange(jss, raw('PUT', '/oss-test/sign.txt', changed, 'x'))
    expect(JSON.parse(refused.body).code).toBe('SignatureDoesNotMatch')
  })

  it(`verifies "${presignVector.name}" before Expires and refuses it after`, async () => {
    const { bucket, key, expires } = presignVector.request
    const jss = await start(presignVector, (expires! - 60) * 1000, [bucket!])
    const stored = await send(jss, {
      method: 'PUT',
      path: `/${bucket}/${key}`,
      body: '<html></html>',
      date: new Date((expires! - 60) * 1000),
    })
    expect(stored.status).toBe(200)
    const host = new URL(jss.endpoint).host
    const reply = await rawExchange(
      jss,
      raw('GET', `/${bucket}/${key}?${presignVector.query}`, { Host: host }),
    )
    expect(reply.status).toBe(200)
    expect(reply.body).toBe('<html></html>')
    await jss.close()
    const late = await start(presignVector, (expires! + 1) * 1000, [bucket!])
    const expired = await rawExchange(
      late,
      raw('GET', `/${bucket}/${key}?${presignVector.query}`, { Host: new URL(late.endpoint).host }),
    )
    expect(expired.status).toBe(400)
    expect(JSON.parse(expired.body).code).toBe('ExpiredToken')
  })

  for (const vector of [serviceVector1, serviceVector2]) {
    it(`verifies "${vector.name}"`, async () => {
      const date = vector.request.headers!.Date!
      const jss = await start(vector, Date.parse(date), ['listed'])
      const authorization = `jingdong ${vector.accessKey}:${vector.signature}`
      const reply = await rawExchange(
        jss,
        raw('GET', '/', {
          Host: new URL(jss.endpoint).host,
          Date: date,
          Authorization: authorization,
        }),
      )
      expect(reply.status).toBe(200)
      expect(reply.headers['x-jss-request-id']).toMatch(/^[0-9A-F]{16}$/)
      expect(JSON.parse(reply.body)).toEqual({ Buckets: [{ Name: 'listed', CreationDate: date }] })
    })
  }
})
