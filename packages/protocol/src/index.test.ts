import { expect, it } from 'vitest'
import { encodeKey } from './index.js'

it('re-exports the signer key encoding', () => {
  expect(encodeKey('a b')).toBe('a%20b')
})
