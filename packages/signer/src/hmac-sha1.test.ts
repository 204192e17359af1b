import { Buffer } from 'node:buffer'
import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { decodeBase64 } from './base64.js'
import { CryptoUnavailableError, InvalidArgumentError } from './errors.js'
import { findSignedString, signString } from './hmac-sha1.js'

describe('signString', () => {
  it('is Base64(HMAC-SHA1) of the UTF-8 string (RFC 2202 test case 2)', async () => {
    // HMAC-SHA1("Jefe", "what do ya want for nothing?") = effcdf6ae5eb2fa2d27416d5f184df9c259a7c79
    expect(await signString('Jefe', 'what do ya want for nothing?')).toBe(
      '7/zfauXrL6LSdBbV8YTfnCWafHk=',
    )
  })

  it('encodes the key and the text as UTF-8, like node:crypto', async () => {
    const expected = createHmac('sha1', Buffer.from('ключ', 'utf8'))
      .update(Buffer.from('ü €', 'utf8'))
      .digest('base64')
    expect(await signString('ключ', 'ü €')).toBe(expected)
  })

  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('fails with a typed error where Web Crypto is missing', async () => {
    vi.stubGlobal('crypto', undefined)
    await expect(signString('k', 'x')).rejects.toBeInstanceOf(CryptoUnavailableError)
  })

  it('signs with each secret its own key, however the secrets alternate (keys are cached)', async () => {
    const secrets = ['one', 'two', 'ключ', 'one', 'two\n', 'one', 'two']
    for (const [i, secret] of secrets.entries()) {
      const text = `request ${i}`
      const expected = createHmac('sha1', Buffer.from(secret, 'utf8')).update(text).digest('base64')
      expect(await signString(secret, text)).toBe(expected)
    }
  })

  it('rejects an empty secret', async () => {
    await expect(signString('', 'x')).rejects.toBeInstanceOf(InvalidArgumentError)
  })
})

describe('findSignedString', () => {
  it('returns the index of the string the MAC belongs to, or -1', async () => {
    const mac = decodeBase64(await signString('k', 'b'))!
    expect(await findSignedString('k', ['a', 'b'], mac)).toBe(1)
    expect(await findSignedString('k', ['a', 'c'], mac)).toBe(-1)
    expect(await findSignedString('other', ['b'], mac)).toBe(-1)
  })
})
