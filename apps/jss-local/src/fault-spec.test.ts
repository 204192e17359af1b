import { describe, expect, it } from 'vitest'
import { parseFaultSpec, probabilityOf, ruleFor } from './fault-spec.js'

describe('parseFaultSpec', () => {
  it('parses the README example', () => {
    const spec = parseFaultSpec(
      'uploadPart:500=0.1,503=0.1,reset=0.05,stall=2s@0.05,etag=0.05;*:500=0.01',
    )
    expect(ruleFor(spec, 'uploadPart')).toEqual({
      '500': 0.1,
      '503': 0.1,
      reset: 0.05,
      stall: 0.05,
      stallMs: 2000,
      etag: 0.05,
    })
    expect(ruleFor(spec, 'putObject')).toEqual({ '500': 0.01 })
  })

  it('reads Retry-After for 503, aliases and several operations in one scope', () => {
    const spec = parseFaultSpec('complete|putObject:503=2s@0.5')
    expect(ruleFor(spec, 'completeMultipartUpload')).toEqual({ '503': 0.5, retryAfterSeconds: 2 })
    expect(ruleFor(spec, 'putObject')).toEqual({ '503': 0.5, retryAfterSeconds: 2 })
    expect(ruleFor(spec, 'getObject')).toEqual({})
  })

  it('reads cut, which applies to getObject only', () => {
    const spec = parseFaultSpec('*:cut=0.5,500=0.5')
    expect(ruleFor(spec, 'getObject')).toEqual({ cut: 0.5, '500': 0.5 })
    expect(probabilityOf(ruleFor(spec, 'getObject'), 'cut', 'getObject')).toBe(0.5)
    expect(probabilityOf(ruleFor(spec, 'putObject'), 'cut', 'putObject')).toBe(0)
    // cut does not count toward the sum of the operations it cannot apply to.
    expect(() => parseFaultSpec('*:cut=0.6,500=0.6')).toThrow(/getObject add up to more than 1/)
    expect(() => parseFaultSpec('uploadPart:cut=0.1')).toThrow(/getObject only/)
    expect(() => parseFaultSpec('getObject|putObject:cut=0.1')).toThrow(/getObject only/)
  })

  it('means no faults when empty or none', () => {
    for (const text of [undefined, '', ' ', 'none'])
      expect(parseFaultSpec(text)).toEqual({ all: {}, operations: {} })
  })

  it('refuses unknown kinds, operations, bad probabilities and sums above 1', () => {
    expect(() => parseFaultSpec('uploadPart:404=0.1')).toThrow(/unknown fault kind/)
    expect(() => parseFaultSpec('upload:500=0.1')).toThrow(/unknown operation/)
    expect(() => parseFaultSpec('*:500=1.5')).toThrow(/invalid probability/)
    expect(() => parseFaultSpec('*:500=')).toThrow(/invalid probability/)
    expect(() => parseFaultSpec('*:500')).toThrow(/kind=value/)
    expect(() => parseFaultSpec('500=0.1')).toThrow(/SCOPE:RULES/)
    expect(() => parseFaultSpec('*:500=0.6,503=0.6')).toThrow(/more than 1/)
    expect(() => parseFaultSpec('*:stall=soon@0.1')).toThrow(/invalid duration/)
  })
})
