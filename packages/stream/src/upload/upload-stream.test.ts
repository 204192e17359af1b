import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { InvalidOptionError, TooLargeError } from '../errors.js'
import { scheduleCapacity } from '../parts/part-schedule.js'
import { resolvePartSchedule } from '../parts/resolve-part-schedule.js'
import type { UploadClient } from './upload-client.js'
import { uploadStream } from './upload-stream.js'

// Option checks happen before any request: this client must never be called.
const unusedClient = new Proxy({} as UploadClient, {
  get: (_target, name) => () => {
    throw new Error(`unexpected call to ${String(name)}`)
  },
})
const base = { client: unusedClient, bucket: 'b', key: 'k' }

describe('uploadStream option checks', () => {
  it.each([
    ['neither body nor parts', {}],
    ['both body and parts', { body: Readable.from([]), parts: Readable.from([]) }],
    ['a zero concurrency', { body: Readable.from([]), concurrency: 0 }],
    ['exactSize without sizeHint', { body: Readable.from([]), exactSize: true }],
    ['a part size under the minimum', { body: Readable.from([]), partSize: 1024 }],
    ['a zero memory limit', { body: Readable.from([]), memoryLimit: 0 }],
    ['a negative hashWorkerNice', { body: Readable.from([]), hashWorkerNice: -1 }],
    ['a fractional hashWorkerNice', { body: Readable.from([]), hashWorkerNice: 2.5 }],
    ['zero hashWorkers', { body: Readable.from([]), hashWorkers: 0 }],
    ['a fractional hashWorkers', { body: Readable.from([]), hashWorkers: 1.5 }],
  ])('refuses %s', async (_name, options) => {
    await expect(uploadStream({ ...base, ...options })).rejects.toBeInstanceOf(InvalidOptionError)
  })

  it('refuses a size hint that cannot fit before reading', async () => {
    const body = Readable.from([Buffer.from('x')])
    await expect(
      uploadStream({ ...base, body, sizeHint: 10 ** 15, limits: { maxParts: 10 } }),
    ).rejects.toBeInstanceOf(TooLargeError)
    expect(body.readableFlowing).toBe(null)
  })
})

describe('uploadStream schedule option checks', () => {
  const schedule = resolvePartSchedule()

  it.each([
    ['schedule with partSize', { body: Readable.from([]), schedule, partSize: 8 * 1024 * 1024 }],
    ['schedule with parts', { parts: Readable.from([]), schedule }],
    [
      'a schedule outside the limits',
      { body: Readable.from([]), schedule: { ...schedule, maxParts: 10_001 } },
    ],
    ['a schedule that is not an object', { body: Readable.from([]), schedule: 'big' as never }],
  ])('refuses %s before reading', async (_name, options) => {
    await expect(uploadStream({ ...base, ...options })).rejects.toBeInstanceOf(InvalidOptionError)
  })

  it('refuses a schedule that cannot carry the size hint', async () => {
    const body = Readable.from([Buffer.from('x')])
    const sizeHint = scheduleCapacity(schedule) + 1
    await expect(uploadStream({ ...base, body, schedule, sizeHint })).rejects.toBeInstanceOf(
      TooLargeError,
    )
    expect(body.readableFlowing).toBe(null)
  })
})
