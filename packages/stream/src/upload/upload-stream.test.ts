import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { InvalidOptionError, TooLargeError } from '../errors.js'
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
