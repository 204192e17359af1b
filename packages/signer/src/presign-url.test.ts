import { describe, expect, it } from 'vitest'
import { InvalidArgumentError, InvalidDateError } from './errors.js'
import { signString } from './hmac-sha1.js'
import { presignUrl } from './presign-url.js'

const credentials = { accessKey: 'A+K', secretKey: 'SK' }

describe('presignUrl', () => {
  it('appends Expires, AccessKey and Signature, URL-encoded, after the query', async () => {
    const url = await presignUrl(
      {
        method: 'PUT',
        url: 'http://h/b/k?partNumber=1&uploadId=U#frag',
        expires: 100,
        headers: { 'Content-Type': 'a/b' },
      },
      credentials,
    )
    const signature = await signString('SK', 'PUT\n\na/b\n100\n/b/k?partNumber=1&uploadId=U')
    expect(url).toBe(
      `http://h/b/k?partNumber=1&uploadId=U&Expires=100&AccessKey=A%2BK&Signature=${encodeURIComponent(signature)}`,
    )
  })

  it('takes a Date for expires, and ignores a Date header', async () => {
    const request = { method: 'GET', url: 'http://h/b/k', headers: { Date: 'x' } }
    const fromDate = await presignUrl({ ...request, expires: new Date(5_999) }, credentials)
    const fromSeconds = await presignUrl({ ...request, expires: 5 }, credentials)
    expect(fromDate).toBe(fromSeconds)
    expect(new URL(fromDate).searchParams.get('Expires')).toBe('5')
  })

  it('rejects bad expiries, already presigned URLs and paths', async () => {
    const request = { method: 'GET', url: 'http://h/b/k' }
    await expect(
      presignUrl({ ...request, expires: Number.NaN }, credentials),
    ).rejects.toBeInstanceOf(InvalidDateError)
    await expect(
      presignUrl({ ...request, url: 'http://h/b/k?Signature=x', expires: 1 }, credentials),
    ).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(presignUrl({ ...request, url: '/b/k', expires: 1 }, credentials)).rejects.toThrow(
      /absolute/,
    )
  })
})
