import { describe, expect, it } from 'vitest'
import { parseHost } from './parse-host.js'

describe('parseHost', () => {
  it.each([
    ['localhost', 'localhost', undefined],
    ['Bucket.LocalHost:9000', 'bucket.localhost', 9000],
    ['127.0.0.1:0', '127.0.0.1', 0],
    ['[::1]:65535', '[::1]', 65535],
    ['[2001:db8::7]', '[2001:db8::7]', undefined],
    ['a-b_c~d.e', 'a-b_c~d.e', undefined],
  ])('accepts %j', (value, hostname, port) => {
    expect(parseHost(value)).toEqual({ hostname, port })
  })

  it.each([
    '',
    ':9000',
    'x/bucket/public.txt?',
    'x?',
    'x#',
    'user@x',
    'x\\y',
    'x y',
    ' x',
    'x:',
    'x:65536',
    'x:9000:1',
    'x:-1',
    'x:+1',
    '[::1',
    '[v1.x]',
    '[::1]x',
    'x,y',
    'x%zz',
    'x\u0000',
    'ü.example',
  ])('refuses %j', (value) => {
    expect(parseHost(value)).toBeUndefined()
  })

  it('refuses a missing value', () => {
    expect(parseHost(undefined)).toBeUndefined()
  })
})
