import { describe, expect, it } from 'vitest'
import { joinOptionValues } from './join-option-values.js'

const options = {
  range: { type: 'string' },
  output: { type: 'string', short: 'o' },
  json: { type: 'boolean' },
} as const

describe('joinOptionValues', () => {
  it('takes the argument after a value option as its value, even when it starts with -', () => {
    expect(joinOptionValues(['b/k', '--range', '-500', '-o', '-', '--json'], options)).toEqual([
      'b/k',
      '--range=-500',
      '--output=-',
      '--json',
    ])
  })

  it('leaves --name=value, boolean options, a trailing value option and everything after -- alone', () => {
    expect(joinOptionValues(['--range=-5', '--json', 'x', '--range'], options)).toEqual([
      '--range=-5',
      '--json',
      'x',
      '--range',
    ])
    expect(joinOptionValues(['--', '--range', '-5'], options)).toEqual(['--', '--range', '-5'])
  })
})
