import { describe, expect, it } from 'vitest'
import { InvalidArgumentError, InvalidCredentialsError } from './errors.js'
import { checkCredentials, checkRequest } from './validate.js'

describe('checkRequest', () => {
  it('returns the method upper-cased', () => {
    expect(checkRequest({ method: 'delete', url: 'http://h/' })).toBe('DELETE')
  })

  it('rejects bad methods and buckets, naming the argument', () => {
    expect(() => checkRequest({ method: '', url: 'http://h/' })).toThrow(InvalidArgumentError)
    expect(() => checkRequest({ method: 'G\nET', url: 'http://h/' })).toThrow(/request\.method/)
    expect(() => checkRequest({ method: 'GET', url: 'http://h/', bucket: 'a/b' })).toThrow(
      expect.objectContaining({ argument: 'request.bucket' }),
    )
  })
})

describe('checkCredentials', () => {
  it('accepts visible ASCII access keys and any non-empty secret', () => {
    expect(() => checkCredentials({ accessKey: 'AK-1_x.y', secretKey: 'ü s' })).not.toThrow()
  })

  it('rejects keys an Authorization header cannot carry', () => {
    for (const accessKey of ['', 'a b', 'a:b', 'a\tb', 'ü']) {
      expect(() => checkCredentials({ accessKey, secretKey: 's' })).toThrow(InvalidCredentialsError)
    }
    // @ts-expect-error the secret must be a string
    expect(() => checkCredentials({ accessKey: 'a', secretKey: 1 })).toThrow(/secretKey/)
  })
})
