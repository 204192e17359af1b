import { expect, it } from 'vitest'
import { encodeKey } from './index.js'

it('re-exports the protocol key encoding', () => {
  expect(encodeKey('ü')).toBe('%C3%BC')
})
