import { createHash } from 'node:crypto'
import { PassThrough, type Readable, Writable } from 'node:stream'
import type { GetObjectResult } from '@jss/protocol'
import { describe, expect, it } from 'vitest'
import { download } from './download.js'
import { BodyTooSlowError, IntegrityError } from './errors.js'

const md5 = (data: Uint8Array | string): string => createHash('md5').update(data).digest('hex')
const data = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 251))

/** A body that delivers `bytes` then fails like a dropped connection (or ends, when `end`). */
function body(bytes: Buffer, fail: boolean): Readable {
  const stream = new PassThrough()
  stream.write(bytes)
  setImmediate(() => (fail ? stream.destroy(new Error('socket hang up')) : stream.end()))
  return stream
}

/**
 * A fake client (not HTTP): serves `object` with `etag`; each response gives at most `cut` bytes of
 * its range and then drops, for the first `drops` responses.
 */
function fakeClient(object: Buffer, etag: string, drops: number, cut = 3000, etags: string[] = []) {
  const ranges: ({ start: number; end?: number | undefined } | undefined)[] = []
  return {
    ranges,
    getObject: async (params: {
      range?: { start: number; end?: number | undefined } | undefined
    }) => {
      ranges.push(params.range)
      const start = params.range?.start ?? 0
      const end = params.range?.end ?? object.length - 1
      const slice = object.subarray(start, end + 1)
      const dropping = ranges.length <= drops
      return {
        body: body(dropping ? slice.subarray(0, cut) : slice, dropping),
        contentLength: slice.length,
        etag: etags[ranges.length - 1] ?? etag,
        contentType: undefined,
        lastModified: undefined,
        storageClass: undefined,
        metadata: {},
        contentRange: undefined,
      } satisfies GetObjectResult
    },
  }
}

function sink() {
  const chunks: Buffer[] = []
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk)
      callback()
    },
  })
  return { out, bytes: () => Buffer.concat(chunks) }
}

const target = { bucket: 'b', key: 'k' }
const signal = new AbortController().signal

describe('download', () => {
  it('resumes a dropped body with Range requests and verifies the MD5', async () => {
    const client = fakeClient(data, md5(data), 2)
    const { out, bytes } = sink()
    const offsets: number[] = []
    const result = await download({
      client,
      target,
      out,
      signal,
      onResume: (offset) => offsets.push(offset),
    })
    expect(bytes().equals(data)).toBe(true)
    expect(result).toEqual({ bytes: data.length, etag: md5(data), resumes: 2, verdict: 'md5' })
    expect(offsets).toEqual([3000, 6000])
    expect(client.ranges).toEqual([
      undefined,
      { start: 3000, end: 9999 },
      { start: 6000, end: 9999 },
    ])
  })

  it('fails on a body that stays short', async () => {
    const client = fakeClient(data, md5(data), 100, 0)
    const { out } = sink()
    const failure = download({ client, target, out, signal, maxResumes: 3 })
    await expect(failure).rejects.toThrow(IntegrityError)
    await expect(failure).rejects.toThrow(
      'short body: received 0 of 10000 bytes after 3 resumed requests',
    )
  })

  it('fails when the object changes between requests', async () => {
    const client = fakeClient(data, md5(data), 1, 3000, [md5(data), md5('other')])
    const { out } = sink()
    await expect(download({ client, target, out, signal })).rejects.toThrow(
      'the object changed during the download',
    )
  })

  it('fails on an MD5 mismatch of a small object', async () => {
    const client = fakeClient(data, md5('something else'), 0)
    const { out } = sink()
    await expect(download({ client, target, out, signal })).rejects.toThrow('MD5 mismatch')
  })

  it('resumes a range within the range and does not hash it', async () => {
    const client = fakeClient(data, 'not-an-md5', 1, 100)
    const { out, bytes } = sink()
    const result = await download({
      client,
      target,
      range: { start: 1000, end: 1999 },
      out,
      signal,
    })
    expect(bytes().equals(data.subarray(1000, 2000))).toBe(true)
    expect(result.verdict).toBeUndefined()
    expect(client.ranges).toEqual([
      { start: 1000, end: 1999 },
      { start: 1100, end: 1999 },
    ])
  })

  it('stops with the abort reason', async () => {
    const controller = new AbortController()
    const reason = new Error('stop')
    controller.abort(reason)
    const client = fakeClient(data, md5(data), 5)
    const { out } = sink()
    await expect(download({ client, target, out, signal: controller.signal })).rejects.toBe(reason)
  })
})

describe("download of a body slower than the protocol's floor", () => {
  it('resumes it, then fails saying it came too slowly', async () => {
    let requests = 0
    const client = {
      getObject: async () => {
        requests += 1
        const stream = new PassThrough()
        stream.write(data.subarray(0, 10))
        const stalled = Object.assign(new Error('slower than 1024 bytes/s'), {
          code: 'JSS_ERR_STALLED',
        })
        setImmediate(() => stream.destroy(stalled))
        return {
          body: stream,
          contentLength: data.length,
          etag: md5(data),
          contentType: undefined,
          lastModified: undefined,
          storageClass: undefined,
          metadata: {},
          contentRange: undefined,
        } satisfies GetObjectResult
      },
    }
    const { out } = sink()
    const failure = download({ client, target, out, signal, maxResumes: 2 })
    await expect(failure).rejects.toThrow(BodyTooSlowError)
    await expect(failure).rejects.toThrow(
      'the body of b/k came too slowly: under 1024 bytes/s over a --timeout window, 3 times; 30 of 10000 bytes received',
    )
    expect(requests).toBe(3)
  })
})
