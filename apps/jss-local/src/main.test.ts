import { expect, it } from 'vitest'
import { main } from './main.js'

it('exports a main function', () => {
  expect(typeof main).toBe('function')
})
