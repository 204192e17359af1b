import { describe, expect, it } from 'vitest'
import { InvalidArgumentError } from '../errors.js'
import { isPayloadHash, resolvePayloadHash, UNSIGNED_PAYLOAD } from './payload-hash.js'

const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

describe('resolvePayloadHash', () => {
  it('takes the given hash, else hashes the body, else the header, else the default', async () => {
    expect(await resolvePayloadHash({ payloadHash: EMPTY }, undefined, 's3')).toBe(EMPTY)
    expect(await resolvePayloadHash({ body: 'Welcome to Amazon S3.' }, undefined, 's3')).toBe(
      '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
    )
    expect(await resolvePayloadHash({}, EMPTY, 's3')).toBe(EMPTY)
    expect(await resolvePayloadHash({}, undefined, 's3')).toBe(UNSIGNED_PAYLOAD)
    expect(await resolvePayloadHash({}, undefined, 'iam')).toBe(EMPTY)
  })

  it('refuses a malformed hash, or both a hash and a body', async () => {
    await expect(
      resolvePayloadHash({ payloadHash: EMPTY.toUpperCase() }, undefined, 's3'),
    ).rejects.toThrow(InvalidArgumentError)
    await expect(
      resolvePayloadHash({ payloadHash: EMPTY, body: '' }, undefined, 's3'),
    ).rejects.toThrow(InvalidArgumentError)
    await expect(
      resolvePayloadHash({}, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 's3'),
    ).rejects.toThrow(InvalidArgumentError)
    expect(isPayloadHash('UNSIGNED-PAYLOAD')).toBe(true)
  })

  it('signs STREAMING-UNSIGNED-PAYLOAD-TRAILER (no chunk signatures), given or from the header', async () => {
    const trailer = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'
    expect(await resolvePayloadHash({ payloadHash: trailer }, undefined, 's3')).toBe(trailer)
    expect(await resolvePayloadHash({}, trailer, 's3')).toBe(trailer)
    expect(isPayloadHash(trailer)).toBe(false)
  })
})
