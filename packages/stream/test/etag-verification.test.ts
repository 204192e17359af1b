import { JssIntegrityError } from '@jss/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uploadStream } from '../src/index.js'
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

// ETags are verified by the client (UploadClient): a wrong one from the server must fail the
// upload through uploadStream with the client's integrity error, and leave no upload behind.
describe('ETag verification in the client layer', () => {
  it.each([
    ['a part', 'uploadPart:etag=1', 4 * PART],
    ['the completed object', 'completeMultipartUpload:etag=1', 4 * PART],
    ['a single PUT', 'putObject:etag=1', PART / 2],
  ])('rejects a wrong ETag of %s with JssIntegrityError', async (_what, faults, size) => {
    h.server.setFaults(faults)
    try {
      const key = `wrong-etag-${faults.split(':')[0]}`
      const error = await uploadStream({
        client: h.client,
        bucket: BUCKET,
        key,
        body: readableOf(randomData(size)),
        partSize: PART,
        limits: { minPartSize: PART },
      }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(JssIntegrityError)
      expect((error as JssIntegrityError).code).toBe('JSS_ERR_INTEGRITY')
    } finally {
      h.server.setFaults(undefined)
    }
    expect(await openUploads(h.client)).toEqual([])
  })
})
