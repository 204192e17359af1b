import { createHash } from 'node:crypto'
import { multipartEtag, partSizeAt, resolvePartSchedule } from '@jss/stream'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PartHasher } from './part-hasher.js'
import { formatScheduleMetadata, parseScheduleMetadata } from './schedule-metadata.js'

const md5 = (data: Uint8Array): string => createHash('md5').update(data).digest('hex')
const schedule = {
  initialPartSize: 7,
  firstTierParts: 2,
  tierParts: 2,
  maxPartSize: 40,
  maxParts: 100,
}

/** The ETag computed the slow way: cut the whole body by the schedule, then the multipart rule. */
function expectedEtag(body: Uint8Array): string {
  const md5s: string[] = []
  let offset = 0
  for (let n = 1; offset < body.length; n++) {
    const size = partSizeAt(schedule, n)
    md5s.push(md5(body.subarray(offset, offset + size)))
    offset += size
  }
  return multipartEtag(md5s)
}

describe('PartHasher', () => {
  it('knows the whole body MD5 exactly when the body fits in the first part', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 30 }),
        fc.integer({ min: 1, max: 5 }),
        (body, step) => {
          const hasher = new PartHasher(schedule)
          for (let offset = 0; offset < body.length; offset += step) {
            hasher.update(body.subarray(offset, offset + step))
          }
          const fits = body.length <= schedule.initialPartSize
          expect(hasher.wholeMd5()).toBe(fits ? md5(body) : undefined)
          hasher.etag()
          expect(hasher.wholeMd5()).toBe(fits ? md5(body) : undefined)
        },
      ),
    )
  })

  it('gives the multipart ETag however the body is chunked', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 400 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
        (body, cuts) => {
          const hasher = new PartHasher(schedule)
          let offset = 0
          for (let i = 0; offset < body.length; i++) {
            const size = cuts[i % cuts.length] ?? 1
            hasher.update(body.subarray(offset, offset + size))
            offset += size
          }
          expect(hasher.etag()).toBe(expectedEtag(body))
        },
      ),
    )
  })
})

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
