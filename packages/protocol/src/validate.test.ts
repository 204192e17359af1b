import { afterAll, describe, expect, it } from 'vitest'
import { createClient } from './create-client.js'
import { JssInvalidArgumentError } from './errors.js'
import { requireKey } from './validate.js'

const client = createClient({
  endpoint: 'http://127.0.0.1:9',
  credentials: { accessKey: 'AK', secretKey: 'SK' },
  retry: { attempts: 1 },
})
afterAll(() => client.close())
const body = new Uint8Array(1)
const ref = { bucket: 'b1', key: 'k', uploadId: 'u' }

describe('parameters are checked before any I/O', () => {
  it.each([
    ['a bucket with a slash', () => client.headObject({ bucket: 'a/b', key: 'k' }), /bucket/],
    ['an empty key', () => client.headObject({ bucket: 'b1', key: '' }), /key/],
    ['part number 0', () => client.uploadPart({ ...ref, partNumber: 0, body }), /partNumber/],
    [
      'a fractional part number',
      () => client.uploadPart({ ...ref, partNumber: 1.5, body }),
      /partNumber/,
    ],
    [
      'a string body',
      () => client.uploadPart({ ...ref, partNumber: 1, body: 'x' as never }),
      /body/,
    ],
    [
      'a base64 MD5',
      () =>
        client.uploadPart({ ...ref, partNumber: 1, body, contentMd5: 'ICy5YqxZB1uWSwcVLSNLcA==' }),
      /contentMd5/,
    ],
    ['an empty upload id', () => client.abortMultipartUpload({ ...ref, uploadId: '' }), /uploadId/],
    [
      'parts that are not a list',
      () => client.completeMultipartUpload({ ...ref, parts: {} as never }),
      /parts/,
    ],
    [
      'a part without ETag',
      () => client.completeMultipartUpload({ ...ref, parts: [{ partNumber: 1 } as never] }),
      /etag/,
    ],
    [
      'a negative range',
      () => client.getObject({ bucket: 'b1', key: 'k', range: { start: -1 } }),
      /range/,
    ],
    [
      'a bad storage class',
      () => client.putObject({ bucket: 'b1', key: 'k', body, storageClass: 'GLACIER' as never }),
      /storageClass/,
    ],
    [
      'a metadata name with a space',
      () => client.putObject({ bucket: 'b1', key: 'k', body, metadata: { 'a b': 'x' } }),
      /metadata/,
    ],
    ['maxKeys 0', () => client.listObjects({ bucket: 'b1', maxKeys: 0 }), /maxKeys/],
    [
      'a signal that is not one',
      () => client.headObject({ bucket: 'b1', key: 'k' }, { signal: {} as never }),
      /signal/,
    ],
  ])('rejects %s', async (_name, run, message) => {
    const error = await run().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JssInvalidArgumentError)
    expect(error).toMatchObject({ code: 'JSS_ERR_INVALID_ARG' })
    expect((error as Error).message).toMatch(message)
  })

  it('presign checks its method and expiry', async () => {
    await expect(
      client.presign({ bucket: 'b1', key: 'k', method: 'POST' as never }),
    ).rejects.toThrow(/method/)
    await expect(client.presign({ bucket: 'b1', key: 'k', expiresIn: 0 })).rejects.toThrow(
      /expiresIn/,
    )
  })
})

describe('requireKey', () => {
  it('accepts keys that travel verbatim and refuses dot segments before any request', () => {
    for (const key of ['a', 'a//b', 'a\\b', '...', 'x?y'])
      expect(() => requireKey(key)).not.toThrow()
    for (const key of ['', '.', 'dd/../target.txt', 'a/./b', 'k?acl']) {
      expect(() => requireKey(key)).toThrow(JssInvalidArgumentError)
    }
    expect(() => requireKey('dd/../t')).toThrow('"dd/../t"')
  })
})
