import { resolvePartSchedule } from '@jss/stream'
import { describe, expect, it } from 'vitest'
import { formatScheduleMetadata, parseScheduleMetadata } from './schedule-metadata.js'

describe('schedule metadata', () => {
  it('round-trips', () => {
    const planned = resolvePartSchedule()
    expect(parseScheduleMetadata(formatScheduleMetadata(planned))).toEqual(planned)
    expect(formatScheduleMetadata(planned)).toBe('8388608/1728/10/5368709120/10000')
  })

  it('ignores malformed values', () => {
    expect(parseScheduleMetadata(undefined)).toBeUndefined()
    expect(parseScheduleMetadata('8388608/156')).toBeUndefined()
    expect(parseScheduleMetadata('0/1/1/1/1')).toBeUndefined()
    expect(parseScheduleMetadata('a/b/c/d/e')).toBeUndefined()
  })
})
