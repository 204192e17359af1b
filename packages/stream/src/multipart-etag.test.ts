import { expect, it } from 'vitest'
import { multipartEtag } from './index.js'

// The CompleteMultipartUpload example of the JSS docs (JSS-PROTOCOL.md §3 and vectors.json).
const partEtags = [
  '9223eed2740a549634ac58688d33b614',
  'aa286070fe65d16d39fb8997143ea564',
  '3b586f704fcd6b714fde125aeffc3e74',
]

it('reproduces the documented multipart ETag example', () => {
  expect(multipartEtag(partEtags)).toBe('4e456c2fc34928a3e2fa202acf71870a')
  expect(multipartEtag(partEtags.map((e) => e.toUpperCase()))).toBe(
    '4e456c2fc34928a3e2fa202acf71870a',
  )
})
