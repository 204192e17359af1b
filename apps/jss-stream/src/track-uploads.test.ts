import type { UploadClient } from '@jss/stream'
import { describe, expect, it } from 'vitest'
import { trackUploads } from './track-uploads.js'

describe('trackUploads', () => {
  it('reports the upload id of Initiate and delegates every call', async () => {
    const calls: string[] = []
    const record = (name: string, value: unknown) => async (): Promise<never> => {
      calls.push(name)
      return value as never
    }
    const client: UploadClient = {
      initiateMultipartUpload: record('initiate', { uploadId: 'U1' }),
      uploadPart: record('part', { etag: 'e' }),
      completeMultipartUpload: record('complete', { etag: 'f' }),
      abortMultipartUpload: record('abort', undefined),
      paginateParts: () => {
        calls.push('parts')
        return (async function* () {})()
      },
      putObject: record('put', { etag: 'g' }),
    }
    const ids: string[] = []
    const tracked = trackUploads(client, (id) => ids.push(id))
    const ref = { bucket: 'b', key: 'k' }
    expect(await tracked.initiateMultipartUpload(ref)).toEqual({ uploadId: 'U1' })
    expect(ids).toEqual(['U1'])
    await tracked.uploadPart({ ...ref, uploadId: 'U1', partNumber: 1, body: new Uint8Array() })
    await tracked.completeMultipartUpload({ ...ref, uploadId: 'U1', parts: [] })
    await tracked.abortMultipartUpload({ ...ref, uploadId: 'U1' })
    tracked.paginateParts({ ...ref, uploadId: 'U1' })
    await tracked.putObject({ ...ref, body: new Uint8Array() })
    expect(calls).toEqual(['initiate', 'part', 'complete', 'abort', 'parts', 'put'])
  })
})
