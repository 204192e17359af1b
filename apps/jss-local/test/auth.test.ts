import { presignUrl, signRequest } from '@jss/signer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type JssLocal, startJssLocal } from '../src/index.js'
import { expectError } from './expect-reply.js'
import { send } from './send.js'

const clock = Date.parse('2024-05-01T12:00:00Z')
let server: JssLocal
beforeAll(async () => {
  server = await startJssLocal({ buckets: ['auth'], now: () => clock })
  await send(server, { method: 'PUT', path: '/auth/file', body: 'secret', date: new Date(clock) })
})
afterAll(() => server.close())

const at = (offsetMs: number): Date => new Date(clock + offsetMs)

describe('header signatures', () => {
  it('accepts a request signed within the 15-minute window', async () => {
    for (const offset of [-14 * 60_000, 14 * 60_000]) {
      expect(
        (await send(server, { method: 'GET', path: '/auth/file', date: at(offset) })).status,
      ).toBe(200)
    }
  })

  it('answers 403 RequestTimeTooSkewed beyond 15 minutes either way, with its clock in Date', async () => {
    for (const offset of [-16 * 60_000, 16 * 60_000]) {
      const reply = await send(server, { method: 'GET', path: '/auth/file', date: at(offset) })
      expectError(reply, 403, 'RequestTimeTooSkewed')
      expect(reply.headers.date).toBe(new Date(clock).toUTCString())
    }
  })

  it('answers 403 AccessDenied without any signature', async () => {
    expectError(
      await send(server, { method: 'GET', path: '/auth/file', sign: false }),
      403,
      'AccessDenied',
      '/auth/file',
    )
  })

  it('answers 400 InvalidToken for a malformed Authorization', async () => {
    for (const authorization of ['Bearer abc', 'jingdong nocolon', 'jingdong AK:not base64!']) {
      const reply = await send(server, {
        method: 'GET',
        path: '/auth/file',
        sign: false,
        headers: { Authorization: authorization, Date: at(0).toUTCString() },
      })
      expectError(reply, 400, 'InvalidToken')
    }
  })

  it('answers 403 InvalidAccessKeyId for an unknown access key', async () => {
    const reply = await send(server, {
      method: 'GET',
      path: '/auth/file',
      date: at(0),
      credentials: { accessKey: 'UNKNOWN', secretKey: server.credentials.secretKey },
    })
    expectError(reply, 403, 'InvalidAccessKeyId')
  })

  it('answers 403 SignatureDoesNotMatch for a wrong secret or a changed request', async () => {
    const wrong = await send(server, {
      method: 'GET',
      path: '/auth/file',
      date: at(0),
      credentials: { accessKey: server.credentials.accessKey, secretKey: 'wrong-secret' },
    })
    expectError(wrong, 403, 'SignatureDoesNotMatch')
    const headers = await signRequest(
      { method: 'GET', url: `${server.endpoint}/auth/file` },
      server.credentials,
      { date: at(0) },
    )
    const changed = await send(server, { method: 'GET', path: '/auth/other', sign: false, headers })
    expectError(changed, 403, 'SignatureDoesNotMatch')
  })

  it('checks the x-jss headers and Content-MD5 as signed', async () => {
    const headers = await signRequest(
      { method: 'PUT', url: `${server.endpoint}/auth/meta`, headers: { 'x-jss-meta-a': '1' } },
      server.credentials,
      { date: at(0) },
    )
    const tampered = await send(server, {
      method: 'PUT',
      path: '/auth/meta',
      sign: false,
      body: 'x',
      headers: { ...headers, 'x-jss-meta-a': '2' },
    })
    expectError(tampered, 403, 'SignatureDoesNotMatch')
  })

  it('accepts sub-resources signed in the order received as well as sorted', async () => {
    const init = await send(server, { method: 'POST', path: '/auth/mp?uploads', date: at(0) })
    const uploadId = (init.json as { UploadId: string }).UploadId
    const path = `/auth/mp?uploadId=${uploadId}&partNumber=1`
    expect((await send(server, { method: 'PUT', path, body: 'p', date: at(0) })).status).toBe(200)
  })
})

describe('presigned URLs', () => {
  async function presigned(path: string, expires: number, method = 'GET'): Promise<string> {
    const url = await presignUrl(
      { method, url: `${server.endpoint}${path}`, expires },
      server.credentials,
    )
    const parsed = new URL(url)
    return parsed.pathname + parsed.search
  }

  it('accepts a valid presigned GET', async () => {
    const path = await presigned('/auth/file', Math.floor(clock / 1000) + 60)
    const reply = await send(server, { method: 'GET', path, sign: false })
    expect(reply.status).toBe(200)
    expect(reply.text).toBe('secret')
  })

  it('answers 400 ExpiredToken after Expires', async () => {
    const path = await presigned('/auth/file', Math.floor(clock / 1000) - 1)
    expectError(await send(server, { method: 'GET', path, sign: false }), 400, 'ExpiredToken')
  })

  it('answers 400 InvalidURI when AccessKey or Signature is missing', async () => {
    const path = await presigned('/auth/file', Math.floor(clock / 1000) + 60)
    const noSignature = path.replace(/&Signature=[^&]*/, '')
    expectError(
      await send(server, { method: 'GET', path: noSignature, sign: false }),
      400,
      'InvalidURI',
    )
    const noKey = path.replace(/&AccessKey=[^&]*/, '')
    expectError(await send(server, { method: 'GET', path: noKey, sign: false }), 400, 'InvalidURI')
  })

  it('answers 400 InvalidArgument for both a header and a URL signature', async () => {
    const path = await presigned('/auth/file', Math.floor(clock / 1000) + 60)
    expectError(await send(server, { method: 'GET', path, date: at(0) }), 400, 'InvalidArgument')
  })

  it('answers 403 SignatureDoesNotMatch for a presigned URL used with another method', async () => {
    const path = await presigned('/auth/file', Math.floor(clock / 1000) + 60)
    expectError(
      await send(server, { method: 'DELETE', path, sign: false }),
      403,
      'SignatureDoesNotMatch',
    )
  })
})
