import { describe, expect, it } from 'vitest'
import { InvalidArgumentError, InvalidCredentialsError, InvalidDateError } from './errors.js'
import { signString } from './hmac-sha1.js'
import { signRequest } from './sign-request.js'

const credentials = { accessKey: 'AK', secretKey: 'SK' }
const date = new Date('2024-01-02T03:04:05Z')

describe('signRequest', () => {
  it('returns the caller headers plus Date and Authorization', async () => {
    const request = {
      method: 'PUT',
      url: 'https://b.s.jcloud.com/k.txt',
      bucket: 'b',
      headers: { 'Content-Type': 'text/plain', 'x-jss-meta-a': [' 1', '2 '], authorization: 'old' },
    }
    const headers = await signRequest(request, credentials, { date })
    const toSign = `PUT\n\ntext/plain\n${date.toUTCString()}\nx-jss-meta-a:1,2\n/b/k.txt`
    expect(headers).toEqual({
      'Content-Type': 'text/plain',
      'x-jss-meta-a': '1,2',
      Date: 'Tue, 02 Jan 2024 03:04:05 GMT',
      Authorization: `jingdong AK:${await signString('SK', toSign)}`,
    })
  })

  it('uses options.date over a Date header, the Date header over the clock', async () => {
    const request = {
      method: 'GET',
      url: 'http://h/',
      headers: { date: 'Wed, 30 Jul 2014 15:32:14 GMT' },
    }
    expect((await signRequest(request, credentials, { date })).Date).toBe(date.toUTCString())
    expect(await signRequest(request, credentials)).toEqual({
      Date: 'Wed, 30 Jul 2014 15:32:14 GMT',
      Authorization: `jingdong AK:${await signString('SK', 'GET\n\n\nWed, 30 Jul 2014 15:32:14 GMT\n/')}`,
    })
  })

  it('refuses a Date header that is not RFC 1123 GMT', async () => {
    const request = { method: 'GET', url: 'http://h/', headers: { Date: '2024-01-02T03:04:05Z' } }
    await expect(signRequest(request, credentials)).rejects.toBeInstanceOf(InvalidDateError)
  })

  it('defaults to the current time', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000
    const headers = await signRequest({ method: 'GET', url: 'http://h/' }, credentials)
    expect(Date.parse(headers.Date!)).toBeGreaterThanOrEqual(before)
  })

  it('validates credentials and options before signing', async () => {
    const request = { method: 'GET', url: 'http://h/' }
    for (const bad of [
      { accessKey: '', secretKey: 'x' },
      { accessKey: 'a:b', secretKey: 'x' },
      { accessKey: 'a', secretKey: '' },
    ]) {
      await expect(signRequest(request, bad)).rejects.toBeInstanceOf(InvalidCredentialsError)
    }
    // @ts-expect-error credentials are required
    await expect(signRequest(request)).rejects.toMatchObject({
      code: 'JSS_ERR_INVALID_CREDENTIALS',
    })
    // @ts-expect-error the date must be a Date
    await expect(signRequest(request, credentials, { date: 'now' })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    )
  })
})
