import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JssStreamError, type UploadStreamOptions, uploadStream } from '../src/index.js'
import {
  BUCKET,
  type Harness,
  openUploads,
  randomData,
  readableOf,
  startHarness,
} from './helpers.js'

const PART = 1024
let h: Harness

beforeAll(async () => {
  h = await startHarness({ minPartSize: PART })
})
afterAll(() => h.close())

/** A valid upload of four parts that fails after its first part is sent (exactSize). */
const base = (): UploadStreamOptions => ({
  client: h.client,
  bucket: BUCKET,
  key: 'bad-option',
  body: readableOf(randomData(4 * PART)),
  partSize: PART,
  limits: { minPartSize: PART },
  sizeHint: 3 * PART,
  exactSize: true,
})

const never = { [Symbol.asyncIterator]: 'not a function' }
const nan = Number.NaN
const inf = Number.POSITIVE_INFINITY

// Every option with values of the wrong type or out of range: each must be refused, naming it,
// before any request (and, for abortTimeout, instead of an orphan after every failure).
const table: [option: string, values: unknown[]][] = [
  ['client', [undefined, null, 42, {}, { uploadPart() {} }]],
  ['bucket', [undefined, '', 42, null]],
  ['key', [undefined, '', 42, {}]],
  ['body', [42, 'text', null, {}, never, true]],
  ['parts', [42, 'text', {}, never]],
  ['partSize', [0, -1, 1.5, nan, inf, PART - 1, 6 * 1024 ** 3, '1024', null]],
  ['concurrency', [0, -1, 1.5, nan, inf, '4', null, 10_001]],
  ['memoryLimit', [0, -1, 1.5, nan, inf, '1024', null]],
  ['hashWorkerNice', [-1, 40, 2.5, nan, '0']],
  ['hashWorkers', [0, -1, 1.5, nan, inf, '1']],
  ['sizeHint', [-1, 1.5, nan, inf, '1024', null]],
  ['exactSize', ['yes', 1, null]],
  ['sha256', ['yes', 1]],
  ['signal', [42, {}, 'signal', null]],
  ['onProgress', [42, 'log', {}]],
  ['onEvent', [42, 'log', {}]],
  ['journal', ['', 42, {}]],
  ['leavePartsOnError', ['no', 0]],
  ['limits', [42, 'big', null, { maxParts: 0 }, { minPartSize: nan }, { maxPartSize: -1 }]],
  ['abortTimeout', [0, -1, 1.5, nan, inf, 2 ** 31, '10', null]],
  ['tempDir', ['', 42]],
  ['contentType', [42, {}]],
  ['storageClass', ['GLACIER', 42]],
  ['serverSideEncryption', ['yes', 1]],
  ['metadata', [42, 'a=b', [], { a: 1 }, { a: null }]],
]

describe('uploadStream refuses every bad option before any I/O', () => {
  for (const [option, values] of table) {
    it(`${option}`, async () => {
      for (const value of values) {
        const options = { ...base(), [option]: value } as UploadStreamOptions
        if (option === 'parts') delete options.body
        if (option === 'sizeHint') delete options.exactSize
        const requests = h.server.counters.requests
        const error = await uploadStream(options).catch((e: unknown) => e)
        expect(error, `${option}: ${String(value)}`).toBeInstanceOf(JssStreamError)
        expect(error).toMatchObject({ code: 'JSS_ERR_INVALID_OPTION' })
        expect((error as Error).message).toContain(option === 'limits' ? 'limits' : option)
        expect(h.server.counters.requests, `${option}: ${String(value)}`).toBe(requests)
      }
      expect(await openUploads(h.client)).toEqual([])
    })
  }

  it('refuses options that are not an object, and body with parts', async () => {
    for (const options of [undefined, null, 42]) {
      await expect(uploadStream(options as never)).rejects.toMatchObject({
        code: 'JSS_ERR_INVALID_OPTION',
      })
    }
    await expect(uploadStream({ ...base(), parts: Readable.from([]) })).rejects.toMatchObject({
      code: 'JSS_ERR_INVALID_OPTION',
      message: /exactly one/,
    })
  })

  it('the base options are valid: the upload runs, fails on its size and leaves nothing', async () => {
    const requests = h.server.counters.requests
    await expect(uploadStream(base())).rejects.toMatchObject({ code: 'JSS_ERR_SIZE_MISMATCH' })
    expect(h.server.counters.requests).toBeGreaterThan(requests)
    expect(await openUploads(h.client)).toEqual([])
  })
})
