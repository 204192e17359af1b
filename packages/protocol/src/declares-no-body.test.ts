import { describe, expect, it } from 'vitest'
import { declaresNoBody } from './declares-no-body.js'

describe('declaresNoBody', () => {
  it('knows the answers that carry no bytes', () => {
    expect(declaresNoBody('HEAD', 200, { 'content-length': '5' })).toBe(true)
    expect(declaresNoBody('DELETE', 204, {})).toBe(true)
    expect(declaresNoBody('GET', 304, {})).toBe(true)
    expect(declaresNoBody('PUT', 200, { 'content-length': '0' })).toBe(true)
  })

  it('watches every other body: declared bytes, chunked, or no length at all', () => {
    expect(declaresNoBody('GET', 200, { 'content-length': '1' })).toBe(false)
    expect(declaresNoBody('POST', 200, { 'transfer-encoding': 'chunked' })).toBe(false)
    expect(declaresNoBody('GET', 200, {})).toBe(false)
    // a repeated header is not a clean zero: watched
    expect(declaresNoBody('PUT', 200, { 'content-length': ['0', '0'] })).toBe(false)
    expect(declaresNoBody('PUT', 500, { 'content-length': '00' })).toBe(false)
  })
})
