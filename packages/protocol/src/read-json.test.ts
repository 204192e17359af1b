import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { JssResponseError } from './errors.js'
import { jsonFields } from './read-json.js'
import type { JssResponse } from './response.js'

const res = {
  statusCode: 200,
  headers: {},
  requestId: 'RID',
  resource: '/b/k',
} as unknown as JssResponse

describe('jsonFields', () => {
  it('reads typed fields and tolerates the documented nulls', () => {
    const f = jsonFields(
      { S: 'x', N: 3, NS: '4', B: true, Z: null, A: [{ K: 'v' }], P: [{ Prefix: 'a/' }, 'b/'] },
      res,
    )
    expect([f.string('S'), f.number('N'), f.number('NS'), f.boolean('B')]).toEqual([
      'x',
      3,
      4,
      true,
    ])
    expect([f.optionalString('Z'), f.optionalNumber('Z'), f.optionalString('missing')]).toEqual([
      undefined,
      undefined,
      undefined,
    ])
    expect(f.array('A').map((item) => item.string('K'))).toEqual(['v'])
    expect(f.array('missing')).toEqual([])
    expect(f.stringArray('P')).toEqual(['a/', 'b/'])
  })

  it('throws a JssResponseError naming the field and the request id for any wrong type', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.boolean(), fc.constant(null), fc.object(), fc.double({ noNaN: true })),
        (value) => {
          const f = jsonFields({ S: value }, res)
          expect(() => f.string('S')).toThrow(JssResponseError)
          expect(() => f.string('S')).toThrow(/field S .*RID/)
        },
      ),
    )
  })
})
