import fc from 'fast-check'
import { expect, it } from 'vitest'
import { isValidBucketName } from './bucket-name.js'

it('accepts 3–63 lowercase letters, digits and single dashes inside', () => {
  for (const name of ['abc', 'a-b', 'a1-b2-c3', '123', 'a'.repeat(63)])
    expect(isValidBucketName(name)).toBe(true)
  for (const name of [
    'ab',
    'a'.repeat(64),
    'Abc',
    'a--b',
    '-ab',
    'ab-',
    'a_b',
    'a.b',
    '..',
    'a/b',
  ]) {
    expect(isValidBucketName(name)).toBe(false)
  }
})

it('never accepts a name that could leave a directory', () => {
  fc.assert(
    fc.property(fc.string(), (name) => {
      if (isValidBucketName(name)) expect(name).toMatch(/^[a-z0-9-]+$/)
    }),
  )
})
