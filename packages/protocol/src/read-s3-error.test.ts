import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { JssResponseError, JssServiceError } from './errors.js'
import { parseS3ErrorBody, s3ErrorInAnswer } from './read-s3-error.js'
import { readS3Xml } from './read-s3-xml.js'
import { readServiceError } from './read-service-error.js'
import type { JssResponse } from './response.js'

/** A response with `text` as its body. */
function answer(
  statusCode: number,
  text: string,
  headers: Record<string, string> = {},
): JssResponse {
  const body = Object.assign(Readable.from([Buffer.from(text)]), {
    dump: async () => undefined,
  })
  return {
    statusCode,
    headers,
    requestId: 'RID',
    body: body as unknown as JssResponse['body'],
    resource: '/b/k',
  }
}

const NO_SUCH_KEY =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Resource>/b/k</Resource><RequestId>4442587FB7D0A2F9</RequestId></Error>'

describe('parseS3ErrorBody', () => {
  it('reads Code, Message, Resource and RequestId', () => {
    expect(parseS3ErrorBody(NO_SUCH_KEY)).toEqual({
      code: 'NoSuchKey',
      serviceMessage: 'The specified key does not exist.',
      resource: '/b/k',
      requestId: '4442587FB7D0A2F9',
    })
  })
  it('leaves out fields that are not text, and notes a body that is not an <Error>', () => {
    expect(parseS3ErrorBody('<Error><Code><X/></Code></Error>').code).toBeUndefined()
    expect(parseS3ErrorBody('<Error><Code></Code></Error>').code).toBeUndefined()
    expect(parseS3ErrorBody('<html>Bad Gateway</html>')).toEqual({
      serviceMessage: 'non-S3 error body: "<html>Bad Gateway</html>"',
    })
    expect(parseS3ErrorBody('{"code":"NoSuchKey"}').code).toBeUndefined()
  })
})

describe('readServiceError with the S3 parser', () => {
  it('maps an XML error to the same JssServiceError as the JSON one', async () => {
    const error = await readServiceError(
      answer(404, NO_SUCH_KEY),
      'GET',
      undefined,
      parseS3ErrorBody,
    )
    expect(error).toBeInstanceOf(JssServiceError)
    expect(error).toMatchObject({
      code: 'NoSuchKey',
      statusCode: 404,
      retryable: false,
      requestId: 'RID',
      serviceMessage: 'The specified key does not exist.',
    })
    // the message says who answered
    expect(error.message).toMatch(/^JSS 404 NoSuchKey/)
    const named = await readServiceError(
      answer(404, NO_SUCH_KEY),
      'GET',
      undefined,
      parseS3ErrorBody,
      'S3',
    )
    expect(named.message).toMatch(/^S3 404 NoSuchKey/)
  })
  it('retries the transient codes, and names bodiless or unreadable errors by their status', async () => {
    const slow = '<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>'
    expect(
      await readServiceError(answer(503, slow), 'PUT', undefined, parseS3ErrorBody),
    ).toMatchObject({
      code: 'SlowDown',
      retryable: true,
    })
    expect(
      await readServiceError(answer(404, ''), 'HEAD', undefined, parseS3ErrorBody),
    ).toMatchObject({
      code: 'NoSuchKey',
    })
    expect(
      await readServiceError(answer(409, 'oops'), 'PUT', undefined, parseS3ErrorBody),
    ).toMatchObject({
      code: 'Http409',
      serviceMessage: 'non-S3 error body: "oops"',
    })
  })
  it('takes RequestTimeTooSkewed from the body, with the Date the clock is corrected from', async () => {
    const skewed =
      '<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message></Error>'
    const date = 'Wed, 02 Dec 2026 04:00:00 GMT'
    const error = await readServiceError(
      answer(403, skewed, { date }),
      'GET',
      new Date(),
      parseS3ErrorBody,
    )
    expect(error.code).toBe('RequestTimeTooSkewed')
    expect(error.serverDate?.toUTCString()).toBe(date)
  })
})

describe('s3ErrorInAnswer and readS3Xml', () => {
  it('turns a 200 <Error> answer into the service error it names (InternalError when it names none)', async () => {
    const shape = { root: 'CompleteMultipartUploadResult' }
    const internal = '<Error><Code>InternalError</Code><Message>Please try again.</Message></Error>'
    const error = await readS3Xml(answer(200, internal), shape).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JssServiceError)
    expect(error).toMatchObject({ code: 'InternalError', retryable: true, statusCode: 200 })
    expect(s3ErrorInAnswer(answer(200, ''), {})).toMatchObject({
      code: 'InternalError',
      retryable: true,
    })
    expect(s3ErrorInAnswer(answer(200, ''), { Code: 'NoSuchUpload' })).toMatchObject({
      code: 'NoSuchUpload',
      retryable: false,
    })
  })

  it('reads the expected root into checked fields', async () => {
    const xml =
      '<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>'
    const fields = await readS3Xml(answer(200, xml, { 'content-type': 'application/xml' }), {
      root: 'InitiateMultipartUploadResult',
    })
    expect([fields.string('Bucket'), fields.string('UploadId')]).toEqual(['b', 'u1'])
  })

  it('refuses broken XML, another root, a non-XML type, and missing fields, as invalid responses', async () => {
    const shape = { root: 'InitiateMultipartUploadResult' }
    const cases: [JssResponse, RegExp][] = [
      [answer(200, '<InitiateMultipartUploadResult><Bucket>'), /Broken XML/],
      [answer(200, '<ListPartsResult/>'), /Expected <InitiateMultipartUploadResult>/],
      [
        answer(200, '<InitiateMultipartUploadResult/>', { 'content-type': 'text/html' }),
        /is the endpoint an S3 service/,
      ],
    ]
    for (const [res, message] of cases) {
      const error = await readS3Xml(res, shape).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(JssResponseError)
      expect((error as JssResponseError).message).toMatch(message)
    }
    const empty = await readS3Xml(answer(200, '<InitiateMultipartUploadResult/>'), shape)
    expect(() => empty.string('UploadId')).toThrow(/field UploadId should be a string, got nothing/)
  })
})
