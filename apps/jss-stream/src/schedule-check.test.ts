import { DEFAULT_LIMITS, resolvePartSchedule } from '@jss/stream'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkRecordedSchedule } from './schedule-check.js'
import { formatScheduleMetadata } from './schedule-metadata.js'

const MiB = 2 ** 20
const etag = 'd41d8cd98f00b204e9800998ecf8427e'

describe('checkRecordedSchedule', () => {
  it('accepts what put records, with the number of parts for the size', () => {
    const text = formatScheduleMetadata(resolvePartSchedule({ partSize: 5 * MiB }))
    expect(checkRecordedSchedule(text, 11 * MiB, etag)).toMatchObject({ kind: 'usable', parts: 3 })
    expect(checkRecordedSchedule(text, 5 * MiB, etag)).toMatchObject({ kind: 'usable', parts: 1 })
    expect(checkRecordedSchedule(undefined, 1, etag)).toEqual({ kind: 'none' })
  })

  it('takes the limits from @jss/stream', () => {
    const min = `${DEFAULT_LIMITS.minPartSize - 1}/1/1/${DEFAULT_LIMITS.maxPartSize}/10`
    expect(checkRecordedSchedule(min, 1, etag).kind).toBe('ignored')
  })

  it('checks the part count of an ETag with a -N suffix', () => {
    const text = `${5 * MiB}/10/10/${5 * MiB}/100`
    expect(checkRecordedSchedule(text, 11 * MiB, `${etag}-3`)).toMatchObject({ kind: 'usable' })
    expect(checkRecordedSchedule(text, 11 * MiB, `"${etag}-2"`)).toEqual({
      kind: 'ignored',
      problem: 'the ETag counts 2 parts, the schedule 3 for 11534336 bytes',
    })
  })

  it('never throws, and settles any text quickly', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc
            .array(fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)), {
              minLength: 5,
              maxLength: 5,
            })
            .map((n) => n.join('/')),
        ),
        fc.nat({ max: 2 ** 45 }),
        (text, size) => {
          const started = performance.now()
          expect(['usable', 'ignored', 'none']).toContain(
            checkRecordedSchedule(text, size, etag).kind,
          )
          expect(performance.now() - started).toBeLessThan(100)
        },
      ),
    )
  })
})
