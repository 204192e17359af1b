import { describe, expect, it } from 'vitest'
import { parseAuthorization } from './parse-authorization.js'

describe('parseAuthorization', () => {
  it('reads jingdong AK:SIG', () => {
    expect(parseAuthorization('jingdong qbS5QXpLORrvdrmb:xvj2Iv7WcSwnN26XYnTq/c2YBQs=')).toEqual({
      accessKey: 'qbS5QXpLORrvdrmb',
      signature: 'xvj2Iv7WcSwnN26XYnTq/c2YBQs=',
    })
    expect(parseAuthorization(' JingDong  AK:S ')).toEqual({ accessKey: 'AK', signature: 'S' })
  })

  it('refuses other forms', () => {
    for (const value of [
      'AWS AK:S',
      'jingdong AK',
      'jingdong :S',
      'jingdong AK:',
      'jingdongAK:S',
      'jingdong A K:S',
    ]) {
      expect(parseAuthorization(value)).toBeUndefined()
    }
  })
})
