import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { AwsChunkedDecoder } from './aws-chunked-decoder.js'

async function decode(pieces: readonly string[], maxBytes = 1000) {
  const decoder = new AwsChunkedDecoder(maxBytes)
  const bytes = await buffer(
    Readable.from(pieces.map((p) => Buffer.from(p, 'latin1'))).pipe(decoder),
  )
  return { text: bytes.toString('latin1'), trailers: Object.fromEntries(decoder.trailers) }
}

describe('AwsChunkedDecoder', () => {
  it('decodes chunks and reads the trailer, whatever the split', async () => {
    const body = '5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n'
    for (const size of [1, 2, 7, body.length]) {
      const pieces: string[] = []
      for (let i = 0; i < body.length; i += size) pieces.push(body.slice(i, i + size))
      expect(await decode(pieces)).toEqual({
        text: 'hello world',
        trailers: { 'x-amz-checksum-crc32': 'DUoRhQ==' },
      })
    }
  })

  it('takes a trailer without its final empty line, and no trailer', async () => {
    expect((await decode(['3\r\nabc\r\n0\r\nx-amz-checksum-crc32:x\r\n'])).text).toBe('abc')
    expect((await decode(['3\r\nabc\r\n0\r\n\r\n'])).text).toBe('abc')
  })

  it('refuses a bad size, a chunk longer than its size, a missing end, extra bytes, too many bytes', async () => {
    for (const body of [
      'zz\r\nabc\r\n0\r\n\r\n',
      '2\r\nabc\r\n0\r\n\r\n',
      '3\r\nabc\r\n',
      '3\r\nabc\r\n0\r\n\r\nmore',
      '3\nabc\r\n0\r\n\r\n',
      '0\r\nno-colon\r\n\r\n',
    ]) {
      await expect(decode([body]), body).rejects.toMatchObject({
        jssCode: 'IncompleteBody',
        status: 400,
      })
    }
    await expect(decode(['3\r\nabc\r\n0\r\n\r\n'], 2)).rejects.toMatchObject({
      jssCode: 'IncompleteBody',
    })
  })
})
